package org.doudi.security;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

import org.doudi.record.CryptoSuite;
import org.doudi.record.SealedPayload;

/**
 * HPKE (RFC 9180) through Bouncy Castle: devices seal each payload to the centre's public key, the
 * centre opens it; the office seals new broker credentials to a device's own sealing key the same way. {@code aad} binds a payload to its record, so a sealed payload moved into another
 * envelope does not open.
 */
public final class PayloadSeal {
    private static final byte[] INFO = CryptoSuite.X25519_AES128GCM_ED25519.wireName().getBytes(StandardCharsets.US_ASCII);

    private PayloadSeal() {
    }

    private static HPKE hpke() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    }

    public static SealedPayload seal(Keys.SealingPublicKey recipient, byte[] plaintext, byte[] aad) {
        try {
            byte[][] ciphertextAndEnc = hpke().seal(recipient.key(), INFO, aad, plaintext, null, null, null);
            return new SealedPayload(CryptoSuite.X25519_AES128GCM_ED25519, recipient.keyId(), ciphertextAndEnc[1],
                    ciphertextAndEnc[0]);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("HPKE refused to seal", e);
        }
    }

    public static byte[] open(Keys.SealingPrivateKey key, SealedPayload sealed, byte[] aad) throws UnreadablePayload {
        if (sealed.suite() != CryptoSuite.X25519_AES128GCM_ED25519) {
            throw new UnreadablePayload("sealed with suite " + sealed.suite().wireName() + ", which this side cannot open");
        }
        if (!sealed.recipient().equals(key.keyId())) {
            throw new UnreadablePayload("sealed to key " + sealed.recipient().value() + ", not to this side's key "
                    + key.keyId().value());
        }
        try {
            return hpke().open(sealed.encapsulatedKey(),
                    new AsymmetricCipherKeyPair(key.privateKey().generatePublicKey(), key.privateKey()), INFO, aad,
                    sealed.ciphertext(), null, null, null);
        } catch (InvalidCipherTextException | IllegalArgumentException e) {
            throw new UnreadablePayload("does not open with this side's key: altered, or sealed for another record or command");
        }
    }
}
