package org.doudi.identity;

/** Layer 1: is this the shape of an identity number, and which document does its prefix say it is? */
public sealed interface DocumentTypeResult extends Explained
        permits DocumentTypeResult.Recognised, DocumentTypeResult.WrongLength, DocumentTypeResult.IllegalCharacter,
                DocumentTypeResult.Unrecognised {

    record Recognised(DocumentType type) implements DocumentTypeResult {
        @Override
        public Severity severity() {
            return Severity.OK;
        }

        @Override
        public String code() {
            return type.name();
        }

        @Override
        public String zh() {
            return type.zh();
        }

        @Override
        public String en() {
            return type.en();
        }
    }

    /** Not 18 characters, nor a 15-digit old number. */
    record WrongLength(int length) implements DocumentTypeResult {
        @Override
        public Severity severity() {
            return Severity.REFUSAL;
        }

        @Override
        public String code() {
            return "WRONG_LENGTH";
        }

        @Override
        public String zh() {
            return "号码应为 18 位（旧号码 15 位），这里是 " + length + " 位";
        }

        @Override
        public String en() {
            return "A number has 18 characters (old numbers 15); this one has " + length + ".";
        }
    }

    /** A character other than a digit, or an X anywhere but last. Position counts from 1. */
    record IllegalCharacter(int position) implements DocumentTypeResult {
        @Override
        public Severity severity() {
            return Severity.REFUSAL;
        }

        @Override
        public String code() {
            return "ILLEGAL_CHARACTER";
        }

        @Override
        public String zh() {
            return "第 " + position + " 位不是数字（只有最后一位可以是 X）";
        }

        @Override
        public String en() {
            return "Character " + position + " is not a digit (only the last one may be X).";
        }
    }

    enum Unrecognised implements DocumentTypeResult, FixedExplanation {
        EMPTY("没有输入号码", "No number was entered."),
        UNKNOWN_PREFIX("号码开头不属于任何一种身份证件", "The start of the number does not match any kind of identity document.");

        private final Wording wording;

        Unrecognised(String zh, String en) {
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
