package org.doudi.provisioning.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;

class KeyPemTest {
    private final Passphrase passphrase = new Passphrase("correct horse battery staple");

    @Test
    void anEncryptedKeyOpensWithItsPassphraseOnly() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        String pem = KeyPem.privateKey(pair.getPrivate(), Optional.of(passphrase));

        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(KeyPem.readPrivateKey(pem, Optional.of(passphrase)))
                .isEqualTo(PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()));
        assertThat(problem(pem, Optional.of(new Passphrase("wrong horse battery staple"))))
                .isEqualTo(KeyPem.Problem.WRONG_PASSPHRASE);
        assertThat(problem(pem, Optional.empty())).isEqualTo(KeyPem.Problem.PASSPHRASE_REQUIRED);
    }

    @Test
    void aPlainKeyNeedsNoPassphraseAndAnythingElseIsNotAKey() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = KeyPem.privateKey(pair.getPrivate(), Optional.empty());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(KeyPem.readPrivateKey(pem, Optional.empty()))
                .isEqualTo(PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()));
        assertThat(problem(KeyPem.publicKey(pair.getPublic()), Optional.empty()))
                .isEqualTo(KeyPem.Problem.NOT_A_PRIVATE_KEY);
        assertThat(problem("not a PEM file", Optional.empty())).isEqualTo(KeyPem.Problem.NOT_A_PRIVATE_KEY);
    }

    @Test
    void aPassphraseIsNeverPrinted() {
        assertThat(passphrase.toString()).doesNotContain("horse");
        assertThat(passphrase.longEnough()).isTrue();
        assertThat(new Passphrase("short").longEnough()).isFalse();
        assertThatThrownBy(() -> new Passphrase("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static KeyPem.Problem problem(String pem, Optional<Passphrase> passphrase) {
        try {
            KeyPem.readPrivateKey(pem, passphrase);
            throw new AssertionError("the key opened");
        } catch (KeyPem.UnreadableKeyException e) {
            return e.problem();
        }
    }
}
