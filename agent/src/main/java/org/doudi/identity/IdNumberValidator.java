package org.doudi.identity;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks typed identity numbers layer by layer (GB 11643 citizen numbers, Hong Kong/Macao/Taiwan
 * residence permits, 2023 foreign permanent resident cards). {@link #check} never throws: every outcome,
 * however malformed the input, is a typed {@link IdCheck}.
 */
public final class IdNumberValidator {
    static final int MAX_AGE = 130;
    static final int MAX_SUGGESTIONS = 5;

    // uuuu, not yyyy: yyyy is year-of-era, which STRICT cannot resolve without an era field.
    private static final DateTimeFormatter BIRTH_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
    private static final char FULL_WIDTH_ZERO = '０';
    private static final char FULL_WIDTH_NINE = '９';
    /**
     * Number pads for ID numbers (kiosks, phones) put 1-2-3 on top and X-0 under 7-8; pressing a key next
     * to the intended one is the likeliest single slip.
     */
    private static final String KEYPAD = "123456789X0";

    private final RegionHistory regions;
    private final Clock clock;

    public IdNumberValidator(RegionHistory regions, Clock clock) {
        this.regions = regions;
        this.clock = clock;
    }

    public static IdNumberValidator withBundledRegions(Clock clock) {
        return new IdNumberValidator(RegionHistory.bundled(), clock);
    }

    /** Checks one number as typed (spaces, full-width digits and a lowercase x are tolerated and reported). */
    public IdCheck check(String typed) {
        LocalDate today = LocalDate.now(clock);
        Set<Normalisation> notes = EnumSet.noneOf(Normalisation.class);
        String cleaned = normalise(typed == null ? "" : typed, notes);
        Optional<DocumentTypeResult> unreadable = shapeProblem(cleaned);
        if (unreadable.isPresent()) {
            return unreadable(notes, unreadable.get());
        }
        String number = cleaned;
        if (cleaned.length() == 15) {
            String first17 = cleaned.substring(0, 6) + "19" + cleaned.substring(6);
            number = first17 + CheckCharacter.of(first17);
            notes.add(Normalisation.LEGACY_15_DIGITS_CONVERTED);
        }
        Optional<DocumentType> type = documentType(number);
        if (type.isEmpty() || (cleaned.length() == 15 && type.get() != DocumentType.CITIZEN_CARD)) {
            return unreadable(notes, DocumentTypeResult.Unrecognised.UNKNOWN_PREFIX);
        }
        IdCheck result = evaluate(number, type.get(), notes, today);
        if (onlyTheCheckCharacterFails(result)) {
            return new IdCheck(result.number(), result.normalisations(), result.documentType(), result.birthDate(),
                    result.address(), result.checkCharacter(), result.facts(), suggestFixes(number, type.get(), today));
        }
        return result;
    }

    private static IdCheck unreadable(Set<Normalisation> notes, DocumentTypeResult problem) {
        NotChecked skipped = new NotChecked();
        return new IdCheck(Optional.empty(), List.copyOf(notes), problem, skipped, skipped, skipped,
                Optional.empty(), List.of());
    }

    private static String normalise(String typed, Set<Normalisation> notes) {
        StringBuilder out = new StringBuilder(Math.min(typed.length(), 64));
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                notes.add(Normalisation.SPACES_REMOVED);
                continue;
            }
            if (c >= FULL_WIDTH_ZERO && c <= FULL_WIDTH_NINE) {
                notes.add(Normalisation.FULL_WIDTH_CONVERTED);
                c = (char) ('0' + (c - FULL_WIDTH_ZERO));
            } else if (c == 'Ｘ' || c == 'ｘ') {
                notes.add(Normalisation.FULL_WIDTH_CONVERTED);
                c = c == 'Ｘ' ? 'X' : 'x';
            }
            if (c == 'x') {
                notes.add(Normalisation.LOWERCASE_X_UPPERCASED);
                c = 'X';
            }
            out.append(c);
        }
        return out.toString();
    }

    private static Optional<DocumentTypeResult> shapeProblem(String cleaned) {
        if (cleaned.isEmpty()) {
            return Optional.of(DocumentTypeResult.Unrecognised.EMPTY);
        }
        for (int i = 0; i < cleaned.length(); i++) {
            char c = cleaned.charAt(i);
            boolean checkPosition = i == 17 && cleaned.length() == 18;
            if (!(c >= '0' && c <= '9') && !(c == 'X' && checkPosition)) {
                return Optional.of(new DocumentTypeResult.IllegalCharacter(i + 1));
            }
        }
        if (cleaned.length() != 18 && cleaned.length() != 15) {
            return Optional.of(new DocumentTypeResult.WrongLength(cleaned.length()));
        }
        return Optional.empty();
    }

    /**
     * Citizen numbers start with a province code, 11–65 in GB/T 2260 (Taiwan's 71 and Hong Kong's and
     * Macao's 81/82 are never issued on citizen cards); permits use exactly 810000/820000/830000.
     */
    private static Optional<DocumentType> documentType(String number) {
        return switch (number.substring(0, 6)) {
            case "810000" -> Optional.of(DocumentType.HONG_KONG_RESIDENCE_PERMIT);
            case "820000" -> Optional.of(DocumentType.MACAO_RESIDENCE_PERMIT);
            case "830000" -> Optional.of(DocumentType.TAIWAN_RESIDENCE_PERMIT);
            default -> switch (number.charAt(0)) {
                case '9' -> Optional.of(DocumentType.FOREIGN_PERMANENT_RESIDENT_CARD);
                case '1', '2', '3', '4', '5', '6' -> Optional.of(DocumentType.CITIZEN_CARD);
                default -> Optional.empty();
            };
        };
    }

    private IdCheck evaluate(String number, DocumentType type, Set<Normalisation> notes, LocalDate today) {
        BirthDateResult birth = birthDate(number.substring(6, 14), today);
        Optional<Integer> birthYear = birth instanceof BirthDateResult.Valid v ? Optional.of(v.date().getYear()) : Optional.empty();
        AddressResult address = address(number, type, birthYear);
        CheckCharacterResult check = notes.contains(Normalisation.LEGACY_15_DIGITS_CONVERTED)
                ? CheckCharacterResult.Outcome.COMPUTED_FOR_LEGACY_NUMBER
                : CheckCharacter.of(number) == number.charAt(17)
                        ? CheckCharacterResult.Outcome.MATCHES
                        : new CheckCharacterResult.Mismatch();
        IdCheck withoutFacts = new IdCheck(Optional.of(new IdNumber(number)), List.copyOf(notes),
                new DocumentTypeResult.Recognised(type), birth, address, check, Optional.empty(), List.of());
        if (!withoutFacts.usable() || !(birth instanceof BirthDateResult.Valid valid)) {
            return withoutFacts;
        }
        Sex sex = (number.charAt(16) - '0') % 2 == 1 ? Sex.MALE : Sex.FEMALE;
        Optional<Region> region = switch (address) {
            case AddressResult.KnownRegion known -> Optional.of(known.region());
            case AddressResult.ForeignCardIssuer foreign -> foreign.province();
            default -> Optional.empty();
        };
        IdFacts facts = new IdFacts(type, valid.date(), sex, Period.between(valid.date(), today).getYears(), region);
        return new IdCheck(withoutFacts.number(), withoutFacts.normalisations(), withoutFacts.documentType(), birth,
                address, check, Optional.of(facts), List.of());
    }

    private static BirthDateResult birthDate(String yyyymmdd, LocalDate today) {
        LocalDate date;
        try {
            date = LocalDate.parse(yyyymmdd, BIRTH_DATE);
        } catch (DateTimeParseException notADate) {
            return BirthDateResult.Problem.NOT_A_CALENDAR_DATE;
        }
        if (date.isAfter(today)) {
            return BirthDateResult.Problem.IN_THE_FUTURE;
        }
        if (Period.between(date, today).getYears() > MAX_AGE) {
            return BirthDateResult.Problem.IMPLAUSIBLY_OLD;
        }
        return new BirthDateResult.Valid(date);
    }

    private AddressResult address(String number, DocumentType type, Optional<Integer> birthYear) {
        return switch (type) {
            case HONG_KONG_RESIDENCE_PERMIT, MACAO_RESIDENCE_PERMIT, TAIWAN_RESIDENCE_PERMIT ->
                    new AddressResult.ResidencePermitArea(type);
            case FOREIGN_PERMANENT_RESIDENT_CARD -> {
                // The card is from 2023 on, so the province is named as it is today, not in the birth year.
                String province = number.substring(1, 3);
                yield new AddressResult.ForeignCardIssuer(province, regions.latest(province + "0000"),
                        number.substring(3, 6));
            }
            case CITIZEN_CARD -> {
                String code = number.substring(0, 6);
                if (!regions.knows(code)) {
                    yield new AddressResult.UnknownToHistory(code);
                }
                // Without a readable birth date, the code's first meaning is the best guess.
                Optional<Region> region = regions.forBirthYear(code, birthYear.orElse(Integer.MIN_VALUE));
                yield region.<AddressResult>map(AddressResult.KnownRegion::new)
                        .orElseGet(() -> new AddressResult.RetiredBeforeBirth(regions.latest(code).orElseThrow()));
            }
        };
    }

    private static int slipRank(Suggestion.Edit edit) {
        return switch (edit) {
            case Suggestion.Substitution s -> keypadNeighbours(s.typed(), s.replacement()) ? 0 : 2;
            case Suggestion.AdjacentSwap swap -> 1;
        };
    }

    private static boolean keypadNeighbours(char a, char b) {
        int i = KEYPAD.indexOf(a);
        int j = KEYPAD.indexOf(b);
        return Math.abs(i / 3 - j / 3) + Math.abs(i % 3 - j % 3) == 1;
    }

    private static boolean onlyTheCheckCharacterFails(IdCheck result) {
        return result.checkCharacter() instanceof CheckCharacterResult.Mismatch
                && result.birthDate() instanceof BirthDateResult.Valid;
    }

    /**
     * Every number one substituted character or one adjacent swap away that passes all layers, most
     * plausible first: same document type, a region known for the birth year, the typed region code kept,
     * then by kind of slip — a neighbouring key, an adjacent swap, any other key — then left to right.
     */
    private List<Suggestion> suggestFixes(String typed, DocumentType typedType, LocalDate today) {
        record Candidate(String number, Suggestion.Edit edit) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            String alphabet = i == 17 ? "0123456789X" : "0123456789";
            for (char c : alphabet.toCharArray()) {
                if (c != typed.charAt(i)) {
                    String changed = typed.substring(0, i) + c + typed.substring(i + 1);
                    candidates.add(new Candidate(changed, new Suggestion.Substitution(i + 1, typed.charAt(i), c)));
                }
            }
        }
        for (int i = 0; i < 17; i++) {
            char a = typed.charAt(i);
            char b = typed.charAt(i + 1);
            if (a != b && b != 'X') {
                String swapped = typed.substring(0, i) + b + a + typed.substring(i + 2);
                candidates.add(new Candidate(swapped, new Suggestion.AdjacentSwap(i + 1)));
            }
        }
        record Ranked(Suggestion suggestion, int typeChanged, int regionDoubt, int regionChanged, int slip, int position) {
        }
        List<Ranked> passing = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (CheckCharacter.of(candidate.number()) != candidate.number().charAt(17)) {
                continue;
            }
            Optional<DocumentType> type = documentType(candidate.number());
            if (type.isEmpty()) {
                continue;
            }
            IdCheck check = evaluate(candidate.number(), type.get(), EnumSet.noneOf(Normalisation.class), today);
            if (!check.usable()) {
                continue;
            }
            int position = switch (candidate.edit()) {
                case Suggestion.Substitution s -> s.position();
                case Suggestion.AdjacentSwap s -> s.position();
            };
            passing.add(new Ranked(new Suggestion(check.number().orElseThrow(), candidate.edit(), check.address()),
                    type.get() == typedType ? 0 : 1,
                    check.address().severity() == Severity.OK ? 0 : 1,
                    position <= 6 ? 1 : 0,
                    slipRank(candidate.edit()),
                    position));
        }
        return passing.stream()
                .sorted(Comparator.comparingInt(Ranked::typeChanged)
                        .thenComparingInt(Ranked::regionDoubt)
                        .thenComparingInt(Ranked::regionChanged)
                        .thenComparingInt(Ranked::slip)
                        .thenComparingInt(Ranked::position))
                .limit(MAX_SUGGESTIONS)
                .map(Ranked::suggestion)
                .toList();
    }
}
