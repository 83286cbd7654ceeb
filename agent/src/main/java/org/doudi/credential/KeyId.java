package org.doudi.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names an issuer key in the trust list; carried as the COSE {@code kid} (as its ASCII bytes) in the
 * card's protected header. Short on purpose: every byte here is a byte in every QR code.
 */
public record KeyId(String value) {
    public static final int MAX_LENGTH = 16;
    /** Short, since the card issuer's id is in every QR code. */
    private static final int DERIVED_FINGERPRINT_BYTES = 4;
    private static final Pattern ALLOWED = Pattern.compile("[0-9A-Za-z._-]{1," + MAX_LENGTH + "}");

    public KeyId {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException("a key id is 1 to " + MAX_LENGTH + " ASCII letters, digits, '.', '_' or '-'");
        }
    }

    /**
     * {@code prefix-} and the first 4 bytes of the SHA-256 of the raw public key in hex, e.g. {@code prov-1a2b3c4d}:
     * how the office names its keys (decision 0007), and how a device checks the key id a technician types.
     */
    public static KeyId derived(String prefix, byte[] rawPublicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawPublicKey);
            return new KeyId(prefix + "-" + HexFormat.of().formatHex(digest, 0, DERIVED_FINGERPRINT_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    static KeyId fromBytes(byte[] kid) {
        return new KeyId(new String(kid, StandardCharsets.US_ASCII));
    }
}
