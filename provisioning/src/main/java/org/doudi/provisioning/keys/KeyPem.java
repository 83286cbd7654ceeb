package org.doudi.provisioning.keys;

import java.io.IOException;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Optional;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.util.ScryptConfig;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.doudi.credential.files.PemKeys;

/**
 * Keys as PEM files: public keys as SubjectPublicKeyInfo, private keys as PKCS#8, encrypted with a
 * passphrase as PBES2 (scrypt, AES-256-CBC) when one is given. All of it is Bouncy Castle's; the files
 * open with ordinary tools ({@code openssl pkey -in FILE}).
 */
public final class KeyPem {
    /*
     * OpenSSL's own scrypt default (openssl pkcs8 -topk8 -scrypt): 16 MiB per lane, 16 lanes. N = 2^15
     * would need 32 MiB and more, above OpenSSL's default scrypt memory limit, and `openssl pkey` could no
     * longer open the file. About a second per key on an office PC, once per command.
     */
    private static final int SCRYPT_COST = 1 << 14;
    private static final int SCRYPT_BLOCK_SIZE = 8;
    private static final int SCRYPT_PARALLELISM = 16;
    private static final int SALT_BYTES = 16;

    private KeyPem() {
    }

    /** Why a private key PEM could not be opened. */
    public enum Problem {
        /** Not a PKCS#8 private key (plain or encrypted) in PEM. */
        NOT_A_PRIVATE_KEY,
        /** Encrypted, and no passphrase was given. */
        PASSPHRASE_REQUIRED,
        /** The passphrase does not decrypt it (or the ciphertext is damaged: the two look the same). */
        WRONG_PASSPHRASE
    }

    /** Carries a {@link Problem} only: no key material and no library text. */
    public static final class UnreadableKeyException extends Exception {
        private final Problem problem;

        UnreadableKeyException(Problem problem) {
            super(problem.name(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    public static String publicKey(PublicKey key) {
        return write(key);
    }

    public static String privateKey(PrivateKey key, Optional<Passphrase> passphrase) {
        if (passphrase.isEmpty()) {
            return write(key);
        }
        try {
            return write(new PKCS8EncryptedPrivateKeyInfoBuilder(PrivateKeyInfo.getInstance(key.getEncoded()))
                    .build(new JcePKCSPBEOutputEncryptorBuilder(
                            new ScryptConfig.Builder(SCRYPT_COST, SCRYPT_BLOCK_SIZE, SCRYPT_PARALLELISM)
                                    .withSaltLength(SALT_BYTES).build(),
                            NISTObjectIdentifiers.id_aes256_CBC)
                            .setProvider(BouncyCastle.PROVIDER)
                            .build(passphrase.get().chars())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Bouncy Castle cannot encrypt with scrypt and AES-256-CBC", e);
        }
    }

    /** The PKCS#8 structure of a private key PEM, decrypted with the passphrase when it is encrypted. */
    public static PrivateKeyInfo readPrivateKey(String pem, Optional<Passphrase> passphrase)
            throws UnreadableKeyException {
        Object object;
        try {
            object = PemKeys.object(pem);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableKeyException(Problem.NOT_A_PRIVATE_KEY);
        }
        return switch (object) {
            case PrivateKeyInfo plain -> plain;
            case PKCS8EncryptedPrivateKeyInfo encrypted -> decrypt(encrypted,
                    passphrase.orElseThrow(() -> new UnreadableKeyException(Problem.PASSPHRASE_REQUIRED)));
            default -> throw new UnreadableKeyException(Problem.NOT_A_PRIVATE_KEY);
        };
    }

    private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo encrypted, Passphrase passphrase)
            throws UnreadableKeyException {
        try {
            return encrypted.decryptPrivateKeyInfo(new JcePKCSPBEInputDecryptorProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(passphrase.chars()));
        } catch (PKCSException | RuntimeException e) {
            // A wrong passphrase fails the padding check, or, rarely, yields bytes that are not PKCS#8.
            throw new UnreadableKeyException(Problem.WRONG_PASSPHRASE);
        }
    }

    private static String write(Object key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to memory failed", e);
        }
        return out.toString();
    }

    /** Built on first use only: the provider takes a moment to set up, and keys without a passphrase never need it. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
