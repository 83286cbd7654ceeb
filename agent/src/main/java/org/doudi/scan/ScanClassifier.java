package org.doudi.scan;

import java.util.regex.Pattern;

/**
 * Sorts a read into a {@link ScanKind} by syntax only.
 *
 * <ul>
 *   <li>{@code RESIDENT_ID}: 17 digits then a digit or {@code X} (GB 11643, 18 characters), or the old 15-digit
 *       form; spaces between groups are allowed because printed cards and people type them.</li>
 *   <li>{@code HOUSEHOLD_CARD}: text starting {@code SA1:} (signed household card, version 1).</li>
 *   <li>{@code PROVISIONING_BUNDLE}: text starting {@code DE1:} (device enrolment bundle, version 1; see docs/provisioning.md).</li>
 *   <li>{@code RECEIPT}: a tracking number {@code DD} + two-digit year + {@code -} + ten characters of Crockford
 *       base32 ({@code 0-9 A-Z} without {@code I L O U}), e.g. {@code DD26-7KQ2M9XH4P}; letters are matched
 *       without regard to case because Crockford base32 is case-insensitive and people type receipts by hand.</li>
 * </ul>
 */
public final class ScanClassifier {
    private static final Pattern RESIDENT_ID = Pattern.compile("[0-9]{17}[0-9Xx]|[0-9]{15}");
    private static final Pattern RECEIPT = Pattern.compile("DD[0-9]{2}-[0-9A-HJKMNP-TV-Z]{10}",
            Pattern.CASE_INSENSITIVE);

    private ScanClassifier() {
    }

    public static ScanKind classify(String text) {
        if (text.startsWith("SA1:")) {
            return ScanKind.HOUSEHOLD_CARD;
        }
        if (text.startsWith("DE1:")) {
            return ScanKind.PROVISIONING_BUNDLE;
        }
        String trimmed = text.strip();
        if (RESIDENT_ID.matcher(trimmed.replace(" ", "")).matches()) {
            return ScanKind.RESIDENT_ID;
        }
        if (RECEIPT.matcher(trimmed).matches()) {
            return ScanKind.RECEIPT;
        }
        return ScanKind.UNKNOWN;
    }
}
