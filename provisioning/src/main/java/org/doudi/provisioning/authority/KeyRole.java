package org.doudi.provisioning.authority;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.doudi.credential.KeyId;
import org.doudi.enrolment.BundleVerifier;

/** The keys an authority holds, one pair each, and what each is for. */
public enum KeyRole {
    ROOT("root", "root", "Ed25519", "signs trust and revocation lists; devices have its public key as cards.root-key"),
    CARD_ISSUER("card-issuer", "hc", "Ed25519", "signs household cards; trust lists name it by its key id"),
    PROVISIONING("provisioning", BundleVerifier.KEY_ID_PREFIX, "Ed25519", "signs enrolment bundles (DE1:); devices check its key id"),
    COMMAND("command", "cmd", "Ed25519", "signs commands to devices; devices have its public key as security.command-key"),
    SEALING("sealing", "seal", "X25519", "devices will seal records to it (HPKE)");

    private final String fileStem;
    private final String keyIdPrefix;
    private final String algorithm;
    private final String purpose;

    KeyRole(String fileStem, String keyIdPrefix, String algorithm, String purpose) {
        this.fileStem = fileStem;
        this.keyIdPrefix = keyIdPrefix;
        this.algorithm = algorithm;
        this.purpose = purpose;
    }

    /** Also the prefix of its lines in the authority manifest. */
    public String label() {
        return fileStem;
    }

    public String algorithm() {
        return algorithm;
    }

    public String purpose() {
        return purpose;
    }

    public String privateKeyFile() {
        return fileStem + ".private.pem";
    }

    public String publicKeyFile() {
        return fileStem + ".public.pem";
    }

    public boolean signs() {
        return algorithm.equals("Ed25519");
    }

    KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + algorithm, e);
        }
    }

    /** A key id that names this very key, so that two offices' keys do not end up with the same id. */
    KeyId derivedKeyId(PublicKey key) {
        return KeyId.derived(keyIdPrefix, SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getOctets());
    }
}
