package org.doudi.record;

import java.util.Arrays;
import java.util.Objects;
import org.doudi.credential.KeyId;

/**
 * A payload only the centre can read: the HPKE encapsulated key and ciphertext, the suite that made
 * them and the id of the centre's key they were sealed to (so the centre can rotate its key).
 */
public record SealedPayload(CryptoSuite suite, KeyId recipient, byte[] encapsulatedKey, byte[] ciphertext) {
    public SealedPayload {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(recipient, "recipient");
        encapsulatedKey = encapsulatedKey.clone();
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] encapsulatedKey() {
        return encapsulatedKey.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedPayload s && suite == s.suite && recipient.equals(s.recipient)
                && Arrays.equals(encapsulatedKey, s.encapsulatedKey) && Arrays.equals(ciphertext, s.ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(suite, recipient, Arrays.hashCode(encapsulatedKey), Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "SealedPayload[" + suite.wireName() + " to " + recipient.value() + ", " + ciphertext.length + " bytes]";
    }
}
