package org.doudi.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doudi.identity.IdNumbers.VALIDATOR;
import static org.doudi.identity.IdNumbers.withCheck;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdNumberValidatorTest {

    @Test
    void aCitizenNumberYieldsEveryFact() {
        IdCheck check = VALIDATOR.check("110105194912310011");

        assertThat(check.verdict()).isEqualTo(Verdict.VALID);
        assertThat(check.documentType()).isEqualTo(new DocumentTypeResult.Recognised(DocumentType.CITIZEN_CARD));
        IdFacts facts = check.facts().orElseThrow();
        assertThat(facts.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(facts.sex()).isEqualTo(Sex.MALE);
        assertThat(facts.age()).isEqualTo(76);
        assertThat(facts.issuingRegion().orElseThrow().fullName()).isEqualTo("北京市朝阳区");
    }

    @Test
    void aLeapDayExistsOnlyInLeapYears() {
        assertThat(VALIDATOR.check(withCheck("11010520150229001")).birthDate())
                .isEqualTo(BirthDateResult.Problem.NOT_A_CALENDAR_DATE);
        assertThat(VALIDATOR.check(withCheck("11010520160229001")).birthDate())
                .isEqualTo(new BirthDateResult.Valid(LocalDate.of(2016, 2, 29)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"19801301", "19800001", "19800431", "19800100", "00000000"})
    void impossibleDatesAreRefused(String yyyymmdd) {
        IdCheck check = VALIDATOR.check(withCheck("110105" + yyyymmdd + "001"));

        assertThat(check.birthDate().severity()).isEqualTo(Severity.REFUSAL);
        assertThat(check.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(check.facts()).isEmpty();
    }

    @Test
    void aBirthAfterTodayOrOver130YearsAgoIsRefused() {
        assertThat(VALIDATOR.check(withCheck("11010520260602001")).birthDate())
                .isEqualTo(BirthDateResult.Problem.IN_THE_FUTURE);
        assertThat(VALIDATOR.check(withCheck("11010520260601001")).birthDate())
                .isEqualTo(new BirthDateResult.Valid(IdNumbers.TODAY));
        assertThat(VALIDATOR.check(withCheck("11010518950531001")).birthDate())
                .isEqualTo(BirthDateResult.Problem.IMPLAUSIBLY_OLD);
        assertThat(VALIDATOR.check(withCheck("11010518960601001")).birthDate())
                .isInstanceOf(BirthDateResult.Valid.class);
    }

    @Test
    void aReusedCodeNamesTheCountyOfTheBirthYearOrTheFirstOneAfterIt() {
        assertThat(countyName("44051119500101001")).isEqualTo("郊区"); // before any use: first meaning, 1983
        assertThat(countyName("44051119900101001")).isEqualTo("郊区"); // 1983–1990
        assertThat(countyName("44051119950101001")).isEqualTo("金平区"); // gap 1991–2002: next meaning
        assertThat(countyName("44051120100101001")).isEqualTo("金平区");
    }

    @Test
    void anAbolishedCodeStaysValidForLife() {
        IdCheck check = VALIDATOR.check(withCheck("11010319700101001"));

        assertThat(check.verdict()).isEqualTo(Verdict.VALID);
        assertThat(countyName("11010319700101001")).isEqualTo("崇文区");
    }

    @Test
    void aCodeRetiredBeforeTheBirthIsAWarningNotARefusal() {
        IdCheck check = VALIDATOR.check(withCheck("11010320150101001"));

        assertThat(check.address()).isInstanceOf(AddressResult.RetiredBeforeBirth.class);
        assertThat(check.verdict()).isEqualTo(Verdict.VALID_WITH_WARNING);
    }

    @Test
    void aCodeUnknownToTheHistoryIsAWarningNotARefusal() {
        IdCheck check = VALIDATOR.check(withCheck("11019919700101001"));

        assertThat(check.address()).isEqualTo(new AddressResult.UnknownToHistory("110199"));
        assertThat(check.verdict()).isEqualTo(Verdict.VALID_WITH_WARNING);
        assertThat(check.usable()).isTrue();
        assertThat(check.facts().orElseThrow().issuingRegion()).isEmpty();
    }

    @Test
    void aForeignPermanentResidentCardNamesItsProvinceAndNationality() {
        IdCheck check = VALIDATOR.check(withCheck("93125019850615002"));

        assertThat(check.documentType()).isEqualTo(
                new DocumentTypeResult.Recognised(DocumentType.FOREIGN_PERMANENT_RESIDENT_CARD));
        AddressResult.ForeignCardIssuer issuer = (AddressResult.ForeignCardIssuer) check.address();
        assertThat(issuer.province().orElseThrow().name()).isEqualTo("上海市");
        assertThat(issuer.nationalityCode()).isEqualTo("250");
        assertThat(check.facts().orElseThrow().sex()).isEqualTo(Sex.FEMALE);
        assertThat(check.verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void aForeignCardFromAnUnknownProvinceIsAWarning() {
        assertThat(VALIDATOR.check(withCheck("99925019850615002")).verdict()).isEqualTo(Verdict.VALID_WITH_WARNING);
    }

    @Test
    void residencePermitsAreRecognisedByTheirPrefix() {
        assertThat(type("81000019900101002")).isEqualTo(DocumentType.HONG_KONG_RESIDENCE_PERMIT);
        assertThat(type("82000019900101002")).isEqualTo(DocumentType.MACAO_RESIDENCE_PERMIT);
        assertThat(type("83000019900101002")).isEqualTo(DocumentType.TAIWAN_RESIDENCE_PERMIT);
        assertThat(VALIDATOR.check(withCheck("83000019900101002")).verdict()).isEqualTo(Verdict.VALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01010519491231001", "71000019900101002", "81010119900101002"})
    void aPrefixOfNoKnownDocumentIsRefused(String first17) {
        assertThat(VALIDATOR.check(withCheck(first17)).documentType())
                .isEqualTo(DocumentTypeResult.Unrecognised.UNKNOWN_PREFIX);
    }

    @Test
    void aLegacy15DigitNumberIsConvertedTo18() {
        IdCheck check = VALIDATOR.check("110105491231001");

        assertThat(check.number().orElseThrow().value()).isEqualTo("110105194912310011");
        assertThat(check.normalisations()).containsExactly(Normalisation.LEGACY_15_DIGITS_CONVERTED);
        assertThat(check.verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void aLowercaseXIsAcceptedAndTheUserIsTold() {
        String number = "44051119900101122X";
        assertThat(CheckCharacter.of(number)).isEqualTo('X');

        IdCheck check = VALIDATOR.check(number.toLowerCase(java.util.Locale.ROOT));

        assertThat(check.number().orElseThrow().value()).isEqualTo(number);
        assertThat(check.normalisations()).containsExactly(Normalisation.LOWERCASE_X_UPPERCASED);
        assertThat(check.verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void spacesAndFullWidthDigitsFromChineseKeyboardsAreTidied() {
        IdCheck check = VALIDATOR.check(" １１０１０５ 1949 1231 0011 ");

        assertThat(check.number().orElseThrow().value()).isEqualTo("110105194912310011");
        assertThat(check.normalisations()).containsExactlyInAnyOrder(Normalisation.SPACES_REMOVED,
                Normalisation.FULL_WIDTH_CONVERTED);
    }

    @Test
    void unreadableInputSaysWhereItWentWrong() {
        assertThat(VALIDATOR.check("").documentType()).isEqualTo(DocumentTypeResult.Unrecognised.EMPTY);
        assertThat(VALIDATOR.check(null).documentType()).isEqualTo(DocumentTypeResult.Unrecognised.EMPTY);
        assertThat(VALIDATOR.check("11010519491231001").documentType())
                .isEqualTo(new DocumentTypeResult.WrongLength(17));
        assertThat(VALIDATOR.check("1101051949X2310011").documentType())
                .isEqualTo(new DocumentTypeResult.IllegalCharacter(11));
        IdCheck unreadable = VALIDATOR.check("张三");
        assertThat(unreadable.birthDate()).isEqualTo(new NotChecked());
        assertThat(unreadable.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(unreadable.number()).isEmpty();
    }

    @Test
    void aMistypedDigitIsOneTapFromTheRightNumber() {
        // 110105194912310011 with its 16th digit, 0, hit as the neighbouring key 8.
        IdCheck check = VALIDATOR.check("110105194912310811");

        assertThat(check.checkCharacter()).isEqualTo(new CheckCharacterResult.Mismatch());
        assertThat(check.suggestions()).isNotEmpty().hasSizeLessThanOrEqualTo(IdNumberValidator.MAX_SUGGESTIONS);
        assertThat(check.suggestions()).extracting(s -> s.number().value()).contains("110105194912310011");
        assertThat(check.suggestions()).allSatisfy(s -> assertThat(VALIDATOR.check(s.number().value()).usable()).isTrue());
    }

    @Test
    void swappedNeighboursAreOfferedBack() {
        IdCheck check = VALIDATOR.check("110105194921310011"); // 1949-12-31 typed as 1949-21-31: not a date

        assertThat(check.suggestions()).isEmpty(); // the date layer fails too, so nothing is guessed

        IdCheck swappedSequence = VALIDATOR.check("110105194912301011");
        assertThat(swappedSequence.suggestions())
                .anySatisfy(s -> {
                    assertThat(s.number().value()).isEqualTo("110105194912310011");
                    assertThat(s.edit()).isEqualTo(new Suggestion.AdjacentSwap(14));
                });
    }

    @Test
    void fixesKeepingAValidRegionComeFirst() {
        IdCheck check = VALIDATOR.check("110105194912310012");

        assertThat(check.suggestions()).allSatisfy(s -> assertThat(s.number().value()).startsWith("110105"));
    }

    @Test
    void nothingShownOutsideTheTerminalHoldsTheFullNumber() {
        IdCheck check = VALIDATOR.check("110105194912310811");

        assertThat(check.toString()).isEqualTo("IdCheck[110***********0811, INVALID]");
        assertThat(check.suggestions().get(0).toString()).doesNotContain("110105194912310011");
    }

    private static String countyName(String first17) {
        return ((AddressResult.KnownRegion) VALIDATOR.check(withCheck(first17)).address()).region().name();
    }

    private static DocumentType type(String first17) {
        return ((DocumentTypeResult.Recognised) VALIDATOR.check(withCheck(first17)).documentType()).type();
    }
}
