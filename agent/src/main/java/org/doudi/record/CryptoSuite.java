package org.doudi.record;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a record is protected, named in every protected envelope so that another suite — the national
 * SM2/SM3/SM4 one (docs/decisions/0009-end-to-end-protection.md) — can be added beside this one without
 * changing the format: a receiver picks the algorithms by this name, never by guessing.
 */
public enum CryptoSuite {
    /** HPKE (RFC 9180) base mode: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM; Ed25519 signatures. */
    X25519_AES128GCM_ED25519("hpke-x25519-sha256-aes128gcm.ed25519");

    private final String wireName;

    CryptoSuite(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<CryptoSuite> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
