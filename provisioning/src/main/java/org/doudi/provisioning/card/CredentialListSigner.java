package org.doudi.provisioning.card;

import java.util.Objects;
import java.util.Optional;
import org.doudi.credential.RevocationList;
import org.doudi.credential.SignedCbor;
import org.doudi.credential.TrustList;

/**
 * Signs trust lists and revocation lists with the provisioning root key. The caller chooses the
 * sequence number and must make it larger than any list already published, or agents refuse the list.
 */
public final class CredentialListSigner {
    private final IssuerKeyPair rootKey;

    public CredentialListSigner(IssuerKeyPair rootKey) {
        this.rootKey = Objects.requireNonNull(rootKey, "rootKey");
    }

    public byte[] sign(TrustList trustList) {
        return SignedCbor.sign(trustList.payload(), Optional.of(rootKey.keyId()),
                Optional.of(TrustList.CONTENT_TYPE), rootKey.privateKey());
    }

    public byte[] sign(RevocationList revocationList) {
        return SignedCbor.sign(revocationList.payload(), Optional.of(rootKey.keyId()),
                Optional.of(RevocationList.CONTENT_TYPE), rootKey.privateKey());
    }
}
