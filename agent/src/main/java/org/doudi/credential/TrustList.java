package org.doudi.credential;

import com.authlete.cbor.CBORItem;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The issuer keys an agent accepts cards from, by key id, as vouched for by the provisioning root
 * key. The sequence number only ever grows, so a replayed older list (say, one still naming a key
 * that was since withdrawn) is refused.
 */
public record TrustList(long sequence, Instant issuedAt, Instant expiresAt, List<IssuerKey> issuers) {
    public static final String CONTENT_TYPE = "application/vnd.doudi.trust-list+cbor";
    public static final int MAX_SIGNED_BYTES = 64 * 1024;

    public TrustList {
        new SignedLists.Envelope(sequence, issuedAt, expiresAt);
        issuers = List.copyOf(issuers);
        if (issuers.stream().map(IssuerKey::keyId).distinct().count() != issuers.size()) {
            throw new IllegalArgumentException("a key id appears twice in the trust list");
        }
    }

    public Optional<IssuerKey> issuer(KeyId keyId) {
        return issuers.stream().filter(issuer -> issuer.keyId().equals(keyId)).findFirst();
    }

    /** The CBOR payload the provisioning root key signs. */
    public byte[] payload() {
        return SignedLists.payload(new SignedLists.Envelope(sequence, issuedAt, expiresAt),
                issuers.stream().map(Ed25519Keys::toCoseKey).toList());
    }

    /**
     * Checks a signed trust list. With {@code installed} present, a list older than it is refused; the
     * same sequence is accepted, so the agent can reload its own file on every start.
     */
    public static ListCheck<TrustList> check(byte[] signed, PublicKey root, Clock clock, Optional<TrustList> installed) {
        Objects.requireNonNull(signed, "signed");
        return SignedLists.check(signed, MAX_SIGNED_BYTES, CONTENT_TYPE, root, clock,
                installed.map(list -> OptionalLong.of(list.sequence())).orElse(OptionalLong.empty()),
                TrustList::read);
    }

    private static TrustList read(SignedLists.Contents contents) throws MalformedException {
        List<IssuerKey> issuers = new ArrayList<>();
        HashSet<KeyId> seen = new HashSet<>();
        for (CBORItem item : contents.entries()) {
            IssuerKey issuer = Ed25519Keys.fromCoseKey(item);
            if (!seen.add(issuer.keyId())) {
                throw new MalformedException("a key id appears twice in the trust list");
            }
            issuers.add(issuer);
        }
        SignedLists.Envelope envelope = contents.envelope();
        return new TrustList(envelope.sequence(), envelope.issuedAt(), envelope.expiresAt(), issuers);
    }
}
