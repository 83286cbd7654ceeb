package org.doudi.provisioning.card;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.doudi.credential.files.PemKeys;
import org.doudi.credential.Ed25519Keys;
import org.doudi.credential.IssuerKey;
import org.doudi.credential.KeyId;

/**
 * An Ed25519 signing key with its key id: a county issuer key that signs cards, or the provisioning
 * root key that signs trust and revocation lists. PEM (PKCS#8 / SubjectPublicKeyInfo) is how a CLI
 * stores it, so that ordinary tools such as {@code openssl pkey} can inspect it.
 */
public record IssuerKeyPair(KeyId keyId, PublicKey publicKey, PrivateKey privateKey) {
    public IssuerKeyPair {
        Objects.requireNonNull(keyId, "keyId");
        Ed25519Keys.rawPublicKey(Objects.requireNonNull(publicKey, "publicKey"));
        Objects.requireNonNull(privateKey, "privateKey");
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

    public String privateKeyPem() {
        return pem(privateKey);
    }

    public String publicKeyPem() {
        return pem(publicKey);
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

    private static String pem(Object key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to memory failed", e);
        }
        return out.toString();
    }

    /** Leaves the private key out, so logging a key pair cannot leak it. */
    @Override
    public String toString() {
        return "IssuerKeyPair[keyId=" + keyId.value() + "]";
    }
}
