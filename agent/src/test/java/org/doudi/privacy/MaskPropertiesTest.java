package org.doudi.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class MaskPropertiesTest {

    @Provide
    Arbitrary<String> idNumbers() {
        Arbitrary<String> digits17 = Arbitraries.strings().withCharRange('0', '9').ofLength(17);
        Arbitrary<Character> check = Arbitraries.of('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X');
        return Combinators.combine(digits17, check).as((d, c) -> d + c);
    }

    @Property
    void anIdNumberKeepsOnlyItsFirstThreeAndLastFourCharacters(@ForAll("idNumbers") String id) {
        String masked = Mask.idNumber(id);
        assertThat(masked).hasSize(18);
        assertThat(masked).startsWith(id.substring(0, 3)).endsWith(id.substring(14));
        assertThat(masked.substring(3, 14)).isEqualTo("*".repeat(11));
        assertThat(masked).doesNotContain(id.substring(3, 14));
        // Not even the birth date (characters 7-14) survives.
        assertThat(masked).doesNotContain(id.substring(6, 14));
    }

    @Property
    void anyValueRevealsAtMostItsFirstThreeAndLastFourCharacters(@ForAll @StringLength(max = 40) String id) {
        String masked = Mask.idNumber(id);
        assertThat(masked).hasSize(id.length());
        if (id.length() <= 7) {
            assertThat(masked).isEqualTo("*".repeat(id.length()));
        } else {
            assertThat(masked).isEqualTo(id.substring(0, 3) + "*".repeat(id.length() - 7) + id.substring(id.length() - 4));
        }
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> han = Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> supplementary = Arbitraries.integers().between(0x20000, 0x2A6DF)
                .map(cp -> new String(Character.toChars(cp)));
        Arbitrary<String> latin = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> mixed = Combinators.combine(supplementary, han).as((a, b) -> a + b);
        Arbitrary<String> rareGiven = Combinators.combine(han, supplementary).as((a, b) -> a + b);
        return Arbitraries.oneOf(han, latin, mixed, rareGiven);
    }

    @Property
    void aNameKeepsOnlyItsFirstCodePoint(@ForAll("names") String name) {
        String masked = Mask.name(name);
        int first = name.codePointAt(0);
        assertThat(masked.codePointAt(0)).isEqualTo(first);
        assertThat(masked.codePointCount(0, masked.length())).isEqualTo(name.codePointCount(0, name.length()));
        String rest = masked.substring(Character.charCount(first));
        assertThat(rest).matches("\\**");
        // No half of a surrogate pair is left behind.
        assertThat(masked.chars().filter(c -> Character.isSurrogate((char) c)).count())
                .isEqualTo(Character.isSupplementaryCodePoint(first) ? 2 : 0);
    }

    @Test
    void documentedExamples() {
        assertThat(Mask.idNumber("110105194912310016")).isEqualTo("110***********0016");
        assertThat(Mask.name("张三丰")).isEqualTo("张**");
        assertThat(Mask.phone("13800001234")).isEqualTo("138****1234");
        assertThat(Mask.idNumber(null)).isEmpty();
        assertThat(Mask.name(null)).isEmpty();
        assertThat(Mask.phone(null)).isEmpty();
        assertThat(Mask.name("")).isEmpty();
    }

    @Provide
    Arbitrary<String> phones() {
        Arbitrary<String> mobile = Combinators.combine(Arbitraries.integers().between(3, 9),
                Arbitraries.strings().numeric().ofLength(9)).as((second, rest) -> "1" + second + rest);
        Arbitrary<String> landline = Combinators.combine(Arbitraries.strings().numeric().ofMinLength(2).ofMaxLength(3),
                Arbitraries.of("", "-"), Arbitraries.strings().numeric().ofMinLength(7).ofMaxLength(8))
                .as((area, sep, number) -> "0" + area + sep + number);
        return Arbitraries.oneOf(mobile, landline);
    }

    @Property
    void aPhoneNumberKeepsThreeLeadingAndFourTrailingCharacters(@ForAll("phones") String phone) {
        String masked = Mask.phone(phone);
        assertThat(masked).hasSize(phone.length());
        assertThat(masked).startsWith(phone.substring(0, 3)).endsWith(phone.substring(phone.length() - 4));
        String middle = masked.substring(3, masked.length() - 4);
        assertThat(middle).matches("\\*+");
        assertThat(masked.length() - middle.length()).as("characters shown").isEqualTo(7);
    }

    @Property
    void shortValuesAreHiddenCompletely(@ForAll @IntRange(min = 0, max = 7) int length) {
        String digits = "1234567".substring(0, length);
        assertThat(Mask.phone(digits)).isEqualTo("*".repeat(length));
        assertThat(Mask.idNumber(digits)).isEqualTo("*".repeat(length));
    }
}
