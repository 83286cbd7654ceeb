package org.doudi.security;

import java.io.IOException;
import java.io.StringWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.doudi.credential.KeyId;
import org.doudi.credential.files.PemKeys;

/**
 * The keys of end-to-end protection, read from and written to PEM (SubjectPublicKeyInfo, unencrypted
 * PKCS#8) by Bouncy Castle. A key's id is derived from its public half, so no file or message can pair a
 * key with the wrong id.
 */
public final class Keys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Keys() {
    }

    /** The device's own signing key; made on the device at enrolment and never leaving it. */
    public record DeviceSigningKey(KeyId keyId, Ed25519PrivateKeyParameters privateKey) {
        public static DeviceSigningKey generate() {
            return of(new Ed25519PrivateKeyParameters(RANDOM));
        }

        static DeviceSigningKey of(Ed25519PrivateKeyParameters key) {
            return new DeviceSigningKey(keyIdOf(key.generatePublicKey().getEncoded()), key);
        }

        public DevicePublicKey publicKey() {
            return DevicePublicKey.of(privateKey.generatePublicKey());
        }

        public String toPem() {
            return pem("PRIVATE KEY", privateKeyInfo(privateKey));
        }

        @Override
        public String toString() {
            return "DeviceSigningKey[" + keyId.value() + "]";
        }
    }

    /** What the centre holds for each enrolled device. */
    public record DevicePublicKey(KeyId keyId, Ed25519PublicKeyParameters key) {
        static DevicePublicKey of(Ed25519PublicKeyParameters key) {
            return new DevicePublicKey(keyIdOf(key.getEncoded()), key);
        }

        public String toPem() {
            return pem("PUBLIC KEY", subjectPublicKeyInfo(key));
        }
    }

    /** An X25519 key that payloads are sealed to ({@link PayloadSeal}): the centre's, or a device's. */
    public sealed interface SealingPublicKey permits CentralPublicKey, DeviceSealingPublicKey {
        KeyId keyId();

        X25519PublicKeyParameters key();
    }

    /** The private half that opens what was sealed to a {@link SealingPublicKey}. */
    public sealed interface SealingPrivateKey permits CentralPrivateKey, DeviceSealingKey {
        KeyId keyId();

        X25519PrivateKeyParameters privateKey();
    }

    /** The centre's public sealing key, as every device holds it. */
    public record CentralPublicKey(KeyId keyId, X25519PublicKeyParameters key) implements SealingPublicKey {
        static CentralPublicKey of(X25519PublicKeyParameters key) {
            return new CentralPublicKey(keyIdOf(key.getEncoded()), key);
        }

        public String toPem() {
            return pem("PUBLIC KEY", subjectPublicKeyInfo(key));
        }
    }

    /** The centre's private sealing key: only the inbox holds it. */
    public record CentralPrivateKey(KeyId keyId, X25519PrivateKeyParameters privateKey) implements SealingPrivateKey {
        public static CentralPrivateKey generate() {
            return of(new X25519PrivateKeyParameters(RANDOM));
        }

        static CentralPrivateKey of(X25519PrivateKeyParameters key) {
            return new CentralPrivateKey(keyIdOf(key.generatePublicKey().getEncoded()), key);
        }

        public CentralPublicKey publicKey() {
            return CentralPublicKey.of(privateKey.generatePublicKey());
        }

        public String toPem() {
            return pem("PRIVATE KEY", privateKeyInfo(privateKey));
        }

        @Override
        public String toString() {
            return "CentralPrivateKey[" + keyId.value() + "]";
        }
    }

    /**
     * The device's own sealing key: made on the device at enrolment beside its signing key, so that the
     * office can send it secrets (new broker credentials) that only this device opens.
     */
    public record DeviceSealingKey(KeyId keyId, X25519PrivateKeyParameters privateKey) implements SealingPrivateKey {
        public static DeviceSealingKey generate() {
            return of(new X25519PrivateKeyParameters(RANDOM));
        }

        static DeviceSealingKey of(X25519PrivateKeyParameters key) {
            return new DeviceSealingKey(keyIdOf(key.generatePublicKey().getEncoded()), key);
        }

        public DeviceSealingPublicKey publicKey() {
            return DeviceSealingPublicKey.of(privateKey.generatePublicKey());
        }

        public String toPem() {
            return pem("PRIVATE KEY", privateKeyInfo(privateKey));
        }

        @Override
        public String toString() {
            return "DeviceSealingKey[" + keyId.value() + "]";
        }
    }

    /** A device's sealing key as the office pins it from the enrolment announcement. */
    public record DeviceSealingPublicKey(KeyId keyId, X25519PublicKeyParameters key) implements SealingPublicKey {
        static DeviceSealingPublicKey of(X25519PublicKeyParameters key) {
            return new DeviceSealingPublicKey(keyIdOf(key.getEncoded()), key);
        }

        public String toPem() {
            return pem("PUBLIC KEY", subjectPublicKeyInfo(key));
        }
    }

    /** The office's command-signing key as a device holds it ({@code security.command-key}). */
    public record CommandPublicKey(KeyId keyId, Ed25519PublicKeyParameters key) {
        static CommandPublicKey of(Ed25519PublicKeyParameters key) {
            return new CommandPublicKey(keyIdOf(key.getEncoded()), key);
        }

        public String toPem() {
            return pem("PUBLIC KEY", subjectPublicKeyInfo(key));
        }
    }

    /** The office's command-signing key itself: only the authority's directory holds it, passphrase-protected. */
    public record CommandSigningKey(KeyId keyId, Ed25519PrivateKeyParameters privateKey) {
        public static CommandSigningKey generate() {
            return of(new Ed25519PrivateKeyParameters(RANDOM));
        }

        static CommandSigningKey of(Ed25519PrivateKeyParameters key) {
            return new CommandSigningKey(keyIdOf(key.generatePublicKey().getEncoded()), key);
        }

        public CommandPublicKey publicKey() {
            return CommandPublicKey.of(privateKey.generatePublicKey());
        }

        @Override
        public String toString() {
            return "CommandSigningKey[" + keyId.value() + "]";
        }
    }

    public static CommandPublicKey commandPublicKey(String pem) throws UnusableKey {
        return as(publicKey(pem, "the office's command key"), Ed25519PublicKeyParameters.class, CommandPublicKey::of,
                "an Ed25519 public key (the office's command key)");
    }

    /** The office's command key from PKCS#8 already decrypted by the authority. */
    public static CommandSigningKey commandSigningKey(PrivateKeyInfo info) throws UnusableKey {
        return as(privateKey(info, "the office's command key"), Ed25519PrivateKeyParameters.class,
                CommandSigningKey::of, "an Ed25519 private key (the office's command key)");
    }

    public static DeviceSigningKey deviceSigningKey(String pem) throws UnusableKey {
        return as(privateKey(pem, "the device's Ed25519 signing key"), Ed25519PrivateKeyParameters.class,
                DeviceSigningKey::of, "an Ed25519 private key (the device's signing key)");
    }

    public static DevicePublicKey devicePublicKey(String pem) throws UnusableKey {
        return as(publicKey(pem, "a device's Ed25519 public key"), Ed25519PublicKeyParameters.class,
                DevicePublicKey::of, "an Ed25519 public key (a device's signing key)");
    }

    public static CentralPublicKey centralPublicKey(String pem) throws UnusableKey {
        return as(publicKey(pem, "the centre's X25519 sealing key"), X25519PublicKeyParameters.class,
                CentralPublicKey::of, "an X25519 public key (the centre's sealing key)");
    }

    public static DeviceSealingKey deviceSealingKey(String pem) throws UnusableKey {
        return as(privateKey(pem, "the device's X25519 sealing key"), X25519PrivateKeyParameters.class,
                DeviceSealingKey::of, "an X25519 private key (the device's sealing key)");
    }

    public static DeviceSealingPublicKey deviceSealingPublicKey(String pem) throws UnusableKey {
        return as(publicKey(pem, "a device's X25519 sealing key"), X25519PublicKeyParameters.class,
                DeviceSealingPublicKey::of, "an X25519 public key (a device's sealing key)");
    }

    /** The centre's private key, from PKCS#8 already decrypted (the office keeps it passphrase-protected). */
    public static CentralPrivateKey centralPrivateKey(PrivateKeyInfo info) throws UnusableKey {
        return as(privateKey(info, "the centre's sealing key"), X25519PrivateKeyParameters.class,
                CentralPrivateKey::of, "an X25519 private key (the centre's sealing key)");
    }

    public static CentralPrivateKey centralPrivateKey(String pem) throws UnusableKey {
        return as(privateKey(pem, "the centre's X25519 sealing key"), X25519PrivateKeyParameters.class,
                CentralPrivateKey::of, "an X25519 private key (the centre's sealing key)");
    }

    /** The parsed key if it is of the kind this role needs; a key of another kind is refused, never coerced. */
    private static <P, K> K as(AsymmetricKeyParameter parsed, Class<P> kind, java.util.function.Function<P, K> wrap,
            String expected) throws UnusableKey {
        if (kind.isInstance(parsed)) {
            return wrap.apply(kind.cast(parsed));
        }
        throw new UnusableKey("not " + expected);
    }

    private static AsymmetricKeyParameter privateKey(PrivateKeyInfo info, String what) throws UnusableKey {
        try {
            return PrivateKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new UnusableKey(what + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** First 8 bytes of the SHA-256 of the raw public key, in hex: 16 characters, a valid {@link KeyId}. */
    static KeyId keyIdOf(byte[] rawPublicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawPublicKey);
            return new KeyId(HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static AsymmetricKeyParameter publicKey(String pem, String what) throws UnusableKey {
        try {
            return PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(PemKeys.object(pem)));
        } catch (IOException | RuntimeException e) {
            throw new UnusableKey(what + " is not a public key in PEM");
        }
    }

    private static AsymmetricKeyParameter privateKey(String pem, String what) throws UnusableKey {
        try {
            Object object = PemKeys.object(pem);
            if (!(object instanceof PrivateKeyInfo info)) {
                throw new UnusableKey(what + " is not an unencrypted PKCS#8 private key in PEM");
            }
            return PrivateKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new UnusableKey(what + " is not a private key in PEM");
        }
    }

    private static PrivateKeyInfo privateKeyInfo(AsymmetricKeyParameter key) {
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(key);
        } catch (IOException e) {
            throw new IllegalStateException("Bouncy Castle could not encode its own key", e);
        }
    }

    private static SubjectPublicKeyInfo subjectPublicKeyInfo(AsymmetricKeyParameter key) {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key);
        } catch (IOException e) {
            throw new IllegalStateException("Bouncy Castle could not encode its own key", e);
        }
    }

    private static String pem(String type, org.bouncycastle.asn1.ASN1Object object) {
        try {
            return pem(type, object.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("Bouncy Castle could not encode its own object", e);
        }
    }

    /** DER bytes as PEM text of the given type ("PUBLIC KEY", "CERTIFICATE"): how enrolment writes what a bundle carries. */
    public static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to memory failed", e);
        }
        return out.toString();
    }
}
