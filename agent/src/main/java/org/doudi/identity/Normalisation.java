package org.doudi.identity;

/** Changes made to typed input before checking it; each is harmless but the user is told. */
public enum Normalisation implements FixedExplanation {
    SPACES_REMOVED("已去掉号码中的空格", "Spaces in the number were removed."),
    FULL_WIDTH_CONVERTED("已把全角字符转换为半角", "Full-width characters were converted to ordinary ones."),
    LOWERCASE_X_UPPERCASED("小写 x 已改为大写 X", "A lowercase x was changed to a capital X."),
    LEGACY_15_DIGITS_CONVERTED("15 位旧号码已转换为 18 位（补“19”并计算校验码）",
            "The old 15-digit number was converted to 18 digits (\"19\" inserted, check character computed).");

    private final Wording wording;

    Normalisation(String zh, String en) {
        this.wording = new Wording(zh, en);
    }

    @Override
    public Severity severity() {
        return Severity.NOTE;
    }

    @Override
    public Wording wording() {
        return wording;
    }
}
