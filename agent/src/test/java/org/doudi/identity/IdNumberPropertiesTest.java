package org.doudi.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class IdNumberPropertiesTest {
    private static final String ALPHABET = "0123456789XxAZ -";

    @Provide
    Arbitrary<String> validNumbers() {
        return IdNumbers.validNumbers();
    }

    @Property
    void aGeneratedValidNumberRoundTripsWithItsFacts(@ForAll("validNumbers") String number) {
        IdCheck check = IdNumbers.VALIDATOR.check(number);

        assertThat(check.usable()).as(check.layers().toString()).isTrue();
        assertThat(check.number()).contains(new IdNumber(number));
        assertThat(check.normalisations()).isEmpty();
        IdFacts facts = check.facts().orElseThrow();
        assertThat(facts.birthDate()).isEqualTo(LocalDate.parse(number.substring(6, 14),
                java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
        assertThat(facts.sex()).isEqualTo((number.charAt(16) - '0') % 2 == 1 ? Sex.MALE : Sex.FEMALE);
        assertThat(facts.age()).isBetween(0, IdNumberValidator.MAX_AGE);
        assertThat(check.suggestions()).isEmpty();
    }

    @Property
    void everySingleCharacterChangeIsCaught(@ForAll("validNumbers") String number,
            @ForAll @IntRange(min = 0, max = 17) int position, @ForAll @IntRange(min = 0, max = 15) int replacementIndex) {
        char replacement = ALPHABET.charAt(replacementIndex);
        char original = number.charAt(position);
        if (Character.toUpperCase(replacement) == original) {
            return; // x for X is the same number once normalised
        }
        String changed = number.substring(0, position) + replacement + number.substring(position + 1);

        assertThat(IdNumbers.VALIDATOR.check(changed).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Property
    void everyAdjacentSwapOfDistinctCharactersIsCaught(@ForAll("validNumbers") String number,
            @ForAll @IntRange(min = 0, max = 16) int position) {
        char a = number.charAt(position);
        char b = number.charAt(position + 1);
        if (a == b) {
            return;
        }
        String swapped = number.substring(0, position) + b + a + number.substring(position + 2);

        assertThat(IdNumbers.VALIDATOR.check(swapped).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Property
    void aTypoInAnyDigitIsOfferedOnlyFixesThatPassEveryLayer(@ForAll("validNumbers") String number,
            @ForAll @IntRange(min = 6, max = 16) int position, @ForAll @IntRange(min = 1, max = 9) int shift) {
        char typo = (char) ('0' + (number.charAt(position) - '0' + shift) % 10);
        String typed = number.substring(0, position) + typo + number.substring(position + 1);

        IdCheck check = IdNumbers.VALIDATOR.check(typed);

        assertThat(check.suggestions()).hasSizeLessThanOrEqualTo(IdNumberValidator.MAX_SUGGESTIONS);
        for (Suggestion suggestion : check.suggestions()) {
            assertThat(IdNumbers.VALIDATOR.check(suggestion.number().value()).usable()).isTrue();
            assertThat(differingPositions(typed, suggestion.number().value())).isBetween(1, 2);
        }
    }

    @Property
    void maskedOutputNeverContainsTheMiddleDigits(@ForAll("validNumbers") String number) {
        IdCheck check = IdNumbers.VALIDATOR.check(number);
        String middle = number.substring(3, 14);
        String birthDate = number.substring(6, 14);
        IdNumber idNumber = check.number().orElseThrow();

        for (String shown : new String[] {idNumber.toString(), idNumber.masked(), check.toString(),
                check.facts().orElseThrow().toString(), check.birthDate().toString()}) {
            assertThat(shown).doesNotContain(middle).doesNotContain(birthDate).doesNotContain(number);
        }
    }

    @Property
    void aLegacy15DigitNumberBecomesThe18DigitNumberBornInThe1900s(@ForAll("validNumbers") String number) {
        if (!number.substring(6, 8).equals("19") || !number.matches("[1-6].*")) {
            return;
        }
        String legacy = number.substring(0, 6) + number.substring(8, 17);

        IdCheck check = IdNumbers.VALIDATOR.check(legacy);

        assertThat(check.number()).contains(new IdNumber(number));
        assertThat(check.normalisations()).containsExactly(Normalisation.LEGACY_15_DIGITS_CONVERTED);
        assertThat(check.checkCharacter()).isEqualTo(CheckCharacterResult.Outcome.COMPUTED_FOR_LEGACY_NUMBER);
        assertThat(check.usable()).isTrue();
    }

    private static int differingPositions(String a, String b) {
        int differing = 0;
        for (int i = 0; i < a.length(); i++) {
            differing += a.charAt(i) == b.charAt(i) ? 0 : 1;
        }
        return differing;
    }
}
