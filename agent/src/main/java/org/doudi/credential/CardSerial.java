package org.doudi.credential;

import java.util.regex.Pattern;

/**
 * The serial printed under the QR code and listed when a card is revoked. Upper-case letters, digits
 * and hyphens only, so it reads aloud over the phone and stays in the QR alphanumeric set.
 */
public record CardSerial(String value) {
    public static final int MAX_LENGTH = 20;
    private static final Pattern ALLOWED = Pattern.compile("[0-9A-Z][0-9A-Z-]{3," + (MAX_LENGTH - 1) + "}");

    public CardSerial {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "a card serial is 4 to " + MAX_LENGTH + " upper-case letters, digits or hyphens");
        }
    }
}
