package org.doudi.identity;

/** The overall answer, derived from the layers' severities. */
public enum Verdict implements FixedExplanation {
    VALID("号码有效", "The number is valid."),
    VALID_WITH_WARNING("号码可以使用，但请工作人员核对提示", "The number can be used, but staff should look at the warning."),
    INVALID("号码有误，不能使用", "The number is wrong and cannot be used.");

    private final Wording wording;

    Verdict(String zh, String en) {
        this.wording = new Wording(zh, en);
    }

    @Override
    public Severity severity() {
        return switch (this) {
            case VALID -> Severity.OK;
            case VALID_WITH_WARNING -> Severity.WARNING;
            case INVALID -> Severity.REFUSAL;
        };
    }

    @Override
    public Wording wording() {
        return wording;
    }
}
