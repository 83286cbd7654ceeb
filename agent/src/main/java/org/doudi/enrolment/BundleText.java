package org.doudi.enrolment;

import java.security.PrivateKey;
import java.util.Optional;
import org.apache.commons.codec.binary.Base45;
import org.doudi.credential.KeyId;
import org.doudi.credential.MalformedException;
import org.doudi.credential.SignedCbor;

/**
 * The text form of a bundle, for the file and the QR code: {@code DE1:} then the COSE_Sign1 bytes in
 * Base45, as household cards use {@code SA1:}, so the whole text stays in the QR alphanumeric set.
 * One bundle is one code: with a broker CA it needs a large QR (version 25 or more), which
 * {@code ./provision device add} reports, and then the file is the way (docs/provisioning.md). Splitting
 * into several codes was left out: a technician scanning parts in order on a kiosk's scanner is slower
 * and more error-prone than copying one file from a USB stick.
 */
public final class BundleText {
    public static final String PREFIX = "DE1:";
    /** Room for a three-certificate broker chain and every claim; far below anything that could hurt to decode. */
    public static final int MAX_SIGNED_BYTES = 8 * 1024;
    public static final int MAX_TEXT_LENGTH = PREFIX.length() + (MAX_SIGNED_BYTES + 1) / 2 * 3;

    private BundleText() {
    }

    /** Signs the bundle with the office's provisioning key (the office tool; tests) and formats it. */
    public static String sign(EnrolmentBundle bundle, KeyId provisioningKeyId, PrivateKey provisioningKey) {
        return format(SignedCbor.sign(bundle.encode(), Optional.of(provisioningKeyId),
                Optional.of(BundleVerifier.CONTENT_TYPE), provisioningKey));
    }

    public static String format(byte[] signedBundle) {
        if (signedBundle.length > MAX_SIGNED_BYTES) {
            throw new IllegalArgumentException("a signed bundle is at most " + MAX_SIGNED_BYTES
                    + " bytes; use a shorter broker CA chain");
        }
        return PREFIX + new Base45().encodeToString(signedBundle);
    }

    static byte[] parse(String text) throws MalformedException {
        if (!text.startsWith(PREFIX)) {
            throw new MalformedException("not a DE1 enrolment bundle");
        }
        try {
            return new Base45().decode(text.substring(PREFIX.length()));
        } catch (RuntimeException e) {
            throw new MalformedException("not Base45");
        }
    }
}
