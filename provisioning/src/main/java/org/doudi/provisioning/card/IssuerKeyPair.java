package org.doudi.provisioning.card;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.doudi.credential.files.PemKeys;
import org.doudi.credential.Ed25519Keys;
import org.doudi.credential.IssuerKey;
import org.doudi.credential.KeyId;
import org.doudi.provisioning.keys.KeyPem;

/**
 * An Ed25519 signing key with its key id: a county issuer key that signs cards, or the provisioning
 * root key that signs trust and revocation lists. PEM (PKCS#8 / SubjectPublicKeyInfo) is how a CLI
 * stores it, so that ordinary tools such as {@code openssl pkey} can inspect it.
 */
public record IssuerKeyPair(KeyId keyId, PublicKey publicKey, PrivateKey privateKey) {
    public IssuerKeyPair {
        Objects.requireNonNull(keyId, "keyId");
        byte[] rawPublicKey = Ed25519Keys.rawPublicKey(Objects.requireNonNull(publicKey, "publicKey"));
        // Halves of two different pairs (files mixed up between authorities) would sign what nobody can verify.
        if (!Arrays.equals(rawPublicKey, derivedPublicKey(Objects.requireNonNull(privateKey, "privateKey")))) {
            throw new IllegalArgumentException("the private key does not belong to the public key");
        }
    }

    private static byte[] derivedPublicKey(PrivateKey privateKey) {
        try {
            if (PrivateKeyFactory.createKey(privateKey.getEncoded()) instanceof Ed25519PrivateKeyParameters ed25519) {
                return ed25519.generatePublicKey().getEncoded();
            }
        } catch (IOException | RuntimeException e) {
            // Not a key Bouncy Castle can read: refused below like any other non-Ed25519 key.
        }
        throw new IllegalArgumentException("not an Ed25519 private key");
    }

    public static IssuerKeyPair generate(KeyId keyId) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new IssuerKeyPair(keyId, pair.getPublic(), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** What goes into the trust list. */
    public IssuerKey publicPart() {
        return new IssuerKey(keyId, publicKey);
    }

    /** Unencrypted; the office's authority encrypts its keys through {@link KeyPem} instead. */
    public String privateKeyPem() {
        return KeyPem.privateKey(privateKey, Optional.empty());
    }

    public String publicKeyPem() {
        return KeyPem.publicKey(publicKey);
    }

    public static IssuerKeyPair fromPem(KeyId keyId, String publicKeyPem, String privateKeyPem) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            return new IssuerKeyPair(keyId,
                    converter.getPublicKey(SubjectPublicKeyInfo.getInstance(PemKeys.object(publicKeyPem))),
                    converter.getPrivateKey(PrivateKeyInfo.getInstance(PemKeys.object(privateKeyPem))));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 key pair in PEM", e);
        }
    }

    /** Leaves the private key out, so logging a key pair cannot leak it. */
    @Override
    public String toString() {
        return "IssuerKeyPair[keyId=" + keyId.value() + "]";
    }
}
