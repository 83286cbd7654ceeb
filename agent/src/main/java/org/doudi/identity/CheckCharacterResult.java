package org.doudi.identity;

/** Layer 4: the ISO 7064 MOD 11-2 check character (the 18th). */
public sealed interface CheckCharacterResult extends Explained
        permits CheckCharacterResult.Outcome, CheckCharacterResult.Mismatch, NotChecked {

    enum Outcome implements CheckCharacterResult, FixedExplanation {
        MATCHES("校验码正确", "The check character is right."),
        COMPUTED_FOR_LEGACY_NUMBER("旧号码没有校验码，已计算补上", "Old numbers have no check character; it was computed.");

        private final Wording wording;

        Outcome(String zh, String en) {
            this.wording = new Wording(zh, en);
        }

        @Override
        public Severity severity() {
            return Severity.OK;
        }

        @Override
        public Wording wording() {
            return wording;
        }
    }

    /** The last character does not fit the first 17: almost always a typo somewhere in the number. */
    record Mismatch() implements CheckCharacterResult {
        @Override
        public Severity severity() {
            return Severity.REFUSAL;
        }

        @Override
        public String code() {
            return "MISMATCH";
        }

        @Override
        public String zh() {
            return "校验码不对，号码中可能有输错的数字";
        }

        @Override
        public String en() {
            return "The check character does not fit: a digit was probably mistyped.";
        }
    }
}
