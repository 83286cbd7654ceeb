package org.doudi.credential;

import java.security.PublicKey;
import java.util.Objects;

/** An issuer's Ed25519 public key and the id cards name it by. */
public record IssuerKey(KeyId keyId, PublicKey publicKey) {
    public IssuerKey {
        Objects.requireNonNull(keyId, "keyId");
        Ed25519Keys.rawPublicKey(Objects.requireNonNull(publicKey, "publicKey"));
    }
}
