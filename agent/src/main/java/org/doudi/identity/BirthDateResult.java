package org.doudi.identity;

import java.time.LocalDate;

/** Layer 2: characters 7–14 must be a real calendar date, not in the future, for a plausibly living person. */
public sealed interface BirthDateResult extends Explained permits BirthDateResult.Valid, BirthDateResult.Problem, NotChecked {

    record Valid(LocalDate date) implements BirthDateResult {
        @Override
        public Severity severity() {
            return Severity.OK;
        }

        @Override
        public String code() {
            return "VALID";
        }

        @Override
        public String zh() {
            return "出生日期 " + date;
        }

        @Override
        public String en() {
            return "Born " + date + ".";
        }

        /** The birth date plus the masked number's ends would rebuild most of the number, so it stays out of logs. */
        @Override
        public String toString() {
            return "Valid[date=****-**-**]";
        }
    }

    enum Problem implements BirthDateResult, FixedExplanation {
        NOT_A_CALENDAR_DATE("第 7–14 位不是真实存在的日期", "Characters 7–14 are not a date that exists."),
        IN_THE_FUTURE("出生日期在今天之后", "The birth date is after today."),
        IMPLAUSIBLY_OLD("出生日期表示年龄超过 " + IdNumberValidator.MAX_AGE + " 岁",
                "The birth date means an age over " + IdNumberValidator.MAX_AGE + ".");

        private final Wording wording;

        Problem(String zh, String en) {
            this.wording = new Wording(zh, en);
        }

        @Override
        public Severity severity() {
            return Severity.REFUSAL;
        }

        @Override
        public Wording wording() {
            return wording;
        }
    }
}
