package org.doudi.security;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.doudi.credential.KeyId;
import org.doudi.record.DeviceSignature;

/**
 * Ed25519 through Bouncy Castle's lightweight API: about 50 µs a signature here, against nearly 1 ms for
 * the JDK's own Ed25519 (docs/decisions/0009-end-to-end-protection.md) — it runs once per stored record.
 * The office's commands are signed the same way, with its command key.
 */
public final class EnvelopeSignatures {
    private EnvelopeSignatures() {
    }

    public static DeviceSignature sign(Keys.DeviceSigningKey key, byte[] signedBytes) {
        return sign(key.keyId(), key.privateKey(), signedBytes);
    }

    public static DeviceSignature sign(Keys.CommandSigningKey key, byte[] signedBytes) {
        return sign(key.keyId(), key.privateKey(), signedBytes);
    }

    public static boolean verifies(Keys.DevicePublicKey key, byte[] signedBytes, DeviceSignature signature) {
        return verifies(key.keyId(), key.key(), signedBytes, signature);
    }

    public static boolean verifies(Keys.CommandPublicKey key, byte[] signedBytes, DeviceSignature signature) {
        return verifies(key.keyId(), key.key(), signedBytes, signature);
    }

    private static DeviceSignature sign(KeyId keyId, Ed25519PrivateKeyParameters key, byte[] signedBytes) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(signedBytes, 0, signedBytes.length);
        return new DeviceSignature(keyId, signer.generateSignature());
    }

    private static boolean verifies(KeyId keyId, Ed25519PublicKeyParameters key, byte[] signedBytes,
            DeviceSignature signature) {
        if (!keyId.equals(signature.keyId())) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(signedBytes, 0, signedBytes.length);
        return verifier.verifySignature(signature.value());
    }
}
