package org.doudi.credential;

import com.authlete.cbor.CBORItem;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Serials of cards withdrawn before their expiry (lost, replaced, household left assistance), signed by
 * the provisioning root key. Same envelope and rollback rule as the {@link TrustList}: an older list
 * could un-revoke a card.
 */
public record RevocationList(long sequence, Instant issuedAt, Instant expiresAt, Set<CardSerial> revoked) {
    public static final String CONTENT_TYPE = "application/vnd.doudi.revocation-list+cbor";
    /** Room for a couple of hundred thousand serials; a county revokes far fewer in a list's lifetime. */
    public static final int MAX_SIGNED_BYTES = 4 * 1024 * 1024;

    public RevocationList {
        new SignedLists.Envelope(sequence, issuedAt, expiresAt);
        revoked = Set.copyOf(revoked);
    }

    public boolean isRevoked(CardSerial serial) {
        return revoked.contains(serial);
    }

    /** The CBOR payload the provisioning root key signs; serials sorted so equal lists sign equal bytes. */
    public byte[] payload() {
        return SignedLists.payload(new SignedLists.Envelope(sequence, issuedAt, expiresAt),
                revoked.stream().map(CardSerial::value).sorted().toList());
    }

    /** Checks a signed revocation list; rollback rule as in {@link TrustList#check}. */
    public static ListCheck<RevocationList> check(
            byte[] signed, PublicKey root, Clock clock, Optional<RevocationList> installed) {
        Objects.requireNonNull(signed, "signed");
        return SignedLists.check(signed, MAX_SIGNED_BYTES, CONTENT_TYPE, root, clock,
                installed.map(list -> OptionalLong.of(list.sequence())).orElse(OptionalLong.empty()),
                RevocationList::read);
    }

    private static RevocationList read(SignedLists.Contents contents) throws MalformedException {
        Set<CardSerial> serials = new HashSet<>();
        for (CBORItem item : contents.entries()) {
            try {
                serials.add(new CardSerial(Cbor.text(item, "serial")));
            } catch (IllegalArgumentException e) {
                throw new MalformedException("a revoked serial is not valid");
            }
        }
        SignedLists.Envelope envelope = contents.envelope();
        return new RevocationList(envelope.sequence(), envelope.issuedAt(), envelope.expiresAt(), serials);
    }
}
