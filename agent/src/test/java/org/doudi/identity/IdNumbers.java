package org.doudi.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Test fixtures: a fixed "today" and generators of valid numbers of every document type. */
final class IdNumbers {
    static final Clock TODAY_2026_06_01 = Clock.fixed(Instant.parse("2026-06-01T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final LocalDate TODAY = LocalDate.now(TODAY_2026_06_01);
    static final IdNumberValidator VALIDATOR = IdNumberValidator.withBundledRegions(TODAY_2026_06_01);

    private IdNumbers() {
    }

    /** Appends the right check character to 17 digits. */
    static String withCheck(String first17) {
        return first17 + CheckCharacter.of(first17);
    }

    static Arbitrary<String> validNumbers() {
        Arbitrary<String> prefixes = Arbitraries.oneOf(
                Arbitraries.of("110105", "110103", "440511", "320102", "510104", "650102", "632857", "810000",
                        "820000", "830000"),
                // Foreign permanent resident card: 9, province, nationality.
                Combinators.combine(Arbitraries.of("11", "31", "44", "53"), Arbitraries.strings().numeric().ofLength(3))
                        .as((province, nationality) -> "9" + province + nationality));
        Arbitrary<LocalDate> birthDates = Arbitraries.longs()
                .between(TODAY.minusYears(120).toEpochDay(), TODAY.toEpochDay())
                .map(LocalDate::ofEpochDay);
        Arbitrary<String> sequences = Arbitraries.strings().numeric().ofLength(3);
        return Combinators.combine(prefixes, birthDates, sequences)
                .as((prefix, birth, sequence) -> withCheck(prefix + birth.toString().replace("-", "") + sequence));
    }
}
