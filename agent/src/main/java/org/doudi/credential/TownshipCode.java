package org.doudi.credential;

import java.util.regex.Pattern;

/**
 * A township (乡镇/街道) in the National Bureau of Statistics division codes: 9 digits, or the same
 * padded to 12. The card carries it as an unsigned integer, which is unambiguous because no NBS code
 * starts with zero.
 */
public record TownshipCode(String digits) {
    private static final Pattern NBS_TOWNSHIP = Pattern.compile("[1-9]\\d{8}(\\d{3})?");

    public TownshipCode {
        if (digits == null || !NBS_TOWNSHIP.matcher(digits).matches()) {
            throw new IllegalArgumentException("a township code is 9 or 12 digits and does not start with 0");
        }
    }

    public static TownshipCode of(long number) {
        return new TownshipCode(Long.toString(number));
    }

    public long asNumber() {
        return Long.parseLong(digits);
    }
}
