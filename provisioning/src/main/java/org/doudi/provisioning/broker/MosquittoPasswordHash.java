package org.doudi.provisioning.broker;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password as Mosquitto 2.x stores it in its password file, {@code $7$<iterations>$<salt>$<hash>}:
 * PBKDF2-HMAC-SHA512 over the password's UTF-8 bytes, a 12-byte salt and a 64-byte result, both in
 * standard base64 with padding — what {@code mosquitto_passwd} writes. The derivation is the JDK's
 * {@code PBKDF2WithHmacSHA512}; only the text around it is ours.
 */
public final class MosquittoPasswordHash {
    /**
     * {@code mosquitto_passwd}'s default. Mosquitto reads the count from each line, so more would work;
     * but stretching only helps guessable passwords, and ours are 144 random bits, while every
     * connection (a whole fleet reconnecting after an outage) pays for each iteration on the broker.
     */
    public static final int ITERATIONS = 101;
    static final int SALT_BYTES = 12;
    private static final int HASH_BITS = 512;
    private static final String PBKDF2_SHA512 = "7";
    private static final SecureRandom RANDOM = new SecureRandom();

    private MosquittoPasswordHash() {
    }

    /** The stored form of {@code password}, with a fresh random salt. */
    public static String of(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return of(password, salt, ITERATIONS);
    }

    /** The stored form with a given salt and iteration count; the same inputs always give the same text. */
    public static String of(String password, byte[] salt, int iterations) {
        if (password.isEmpty()) {
            throw new InvalidBrokerSetting("an empty password cannot be stored");
        }
        if (salt.length != SALT_BYTES || iterations < 1) {
            throw new InvalidBrokerSetting("Mosquitto expects a " + SALT_BYTES + "-byte salt and at least one iteration");
        }
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            // The JDK's PBKDF2 turns the password's chars into UTF-8 bytes, which is what mosquitto_passwd hashes.
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            Base64.Encoder base64 = Base64.getEncoder();
            return "$" + PBKDF2_SHA512 + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA512", e);
        } finally {
            spec.clearPassword();
        }
    }
}
