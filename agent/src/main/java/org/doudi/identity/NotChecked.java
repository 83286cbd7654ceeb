package org.doudi.identity;

/** A layer that was skipped because the number could not be read (layer 1 refused it). */
public record NotChecked() implements BirthDateResult, AddressResult, CheckCharacterResult {
    @Override
    public Severity severity() {
        return Severity.NOT_CHECKED;
    }

    @Override
    public String code() {
        return "NOT_CHECKED";
    }

    @Override
    public String zh() {
        return "号码无法识别，未检查此项";
    }

    @Override
    public String en() {
        return "Not checked: the number could not be read.";
    }
}
