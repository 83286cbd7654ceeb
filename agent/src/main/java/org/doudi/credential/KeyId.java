package org.doudi.credential;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Names an issuer key in the trust list; carried as the COSE {@code kid} (as its ASCII bytes) in the
 * card's protected header. Short on purpose: every byte here is a byte in every QR code.
 */
public record KeyId(String value) {
    public static final int MAX_LENGTH = 16;
    private static final Pattern ALLOWED = Pattern.compile("[0-9A-Za-z._-]{1," + MAX_LENGTH + "}");

    public KeyId {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException("a key id is 1 to " + MAX_LENGTH + " ASCII letters, digits, '.', '_' or '-'");
        }
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    static KeyId fromBytes(byte[] kid) {
        return new KeyId(new String(kid, StandardCharsets.US_ASCII));
    }
}
