package org.doudi.identity;

/** ISO 7064 MOD 11-2, as GB 11643 uses it: weights 2^(17-i) mod 11, remainder 10 written as X. */
public final class CheckCharacter {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] BY_REMAINDER = "10X98765432".toCharArray();

    private CheckCharacter() {
    }

    /** The check character for the first 17 characters of {@code digits}, which must be ASCII digits. */
    public static char of(CharSequence digits) {
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += (digits.charAt(i) - '0') * WEIGHTS[i];
        }
        return BY_REMAINDER[sum % 11];
    }
}
