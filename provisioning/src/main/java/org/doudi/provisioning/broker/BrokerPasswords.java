package org.doudi.provisioning.broker;

import java.security.SecureRandom;
import java.util.Base64;

/** Broker account passwords: random, never chosen by a person. */
public final class BrokerPasswords {
    /** 144 bits, above the 128 the issue asks for, and a whole number of base64 characters (24). */
    private static final int RANDOM_BYTES = 18;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrokerPasswords() {
    }

    /**
     * A new password in base64url without padding: printable, and free of characters that need
     * quoting in a properties file, a shell or an MQTT client's command line.
     */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
