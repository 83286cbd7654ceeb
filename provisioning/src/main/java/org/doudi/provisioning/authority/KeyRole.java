package org.doudi.provisioning.authority;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.HexFormat;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.doudi.credential.KeyId;

/** The keys an authority holds, one pair each, and what each is for. */
public enum KeyRole {
    ROOT("root", "root", "Ed25519", "signs trust and revocation lists; devices have its public key as cards.root-key"),
    CARD_ISSUER("card-issuer", "hc", "Ed25519", "signs household cards; trust lists name it by its key id"),
    PROVISIONING("provisioning", "prov", "Ed25519", "will sign device provisioning bundles"),
    COMMAND("command", "cmd", "Ed25519", "signs commands to devices; devices have its public key as security.command-key"),
    SEALING("sealing", "seal", "X25519", "devices will seal records to it (HPKE)");

    /** Hex digits of the public key's SHA-256 in a derived key id: short, since the card issuer's is in every QR code. */
    private static final int KEY_ID_FINGERPRINT_BYTES = 4;

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
        try {
            byte[] raw = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getOctets();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
            return new KeyId(keyIdPrefix + "-" + HexFormat.of().formatHex(digest, 0, KEY_ID_FINGERPRINT_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
