package org.doudi.credential;

import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORPairsBuilder;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What trust lists and revocation lists share: a COSE_Sign1 by the provisioning root key over a map
 * of {1: sequence, 2: issued-at, 3: expires-at, 4: entries}, with the list's kind as the protected
 * content type so one kind of list can never be passed off as the other.
 */
final class SignedLists {
    static final int SEQUENCE = 1;
    static final int ISSUED_AT = 2;
    static final int EXPIRES_AT = 3;
    static final int ENTRIES = 4;

    private SignedLists() {
    }

    record Envelope(long sequence, Instant issuedAt, Instant expiresAt) {
        Envelope {
            if (sequence < 1) {
                throw new IllegalArgumentException("a list sequence number starts at 1");
            }
            if (!expiresAt.isAfter(issuedAt)) {
                throw new IllegalArgumentException("a list expires after it is issued");
            }
            if (issuedAt.getNano() != 0 || expiresAt.getNano() != 0) {
                throw new IllegalArgumentException("list times are whole seconds");
            }
        }
    }

    record Contents(Envelope envelope, List<? extends CBORItem> entries) {
    }

    @FunctionalInterface
    interface ListReader<T> {
        T read(Contents contents) throws MalformedException;
    }

    static byte[] payload(Envelope envelope, List<? extends Object> entries) {
        return new CBORPairList(new CBORPairsBuilder()
                .add(SEQUENCE, envelope.sequence())
                .add(ISSUED_AT, envelope.issuedAt().getEpochSecond())
                .add(EXPIRES_AT, envelope.expiresAt().getEpochSecond())
                .add(ENTRIES, entries)
                .build()).encode();
    }

    static <T> ListCheck<T> check(
            byte[] signed,
            int maxBytes,
            String contentType,
            PublicKey root,
            Clock clock,
            OptionalLong installedSequence,
            ListReader<T> reader) {
        if (signed.length > maxBytes) {
            return refused(ListProblem.TOO_LARGE, signed.length + " bytes, limit " + maxBytes);
        }
        try {
            CBORItem item = Cbor.decodeSingle(signed);
            if (item instanceof CBORPairList) {
                return refused(ListProblem.UNSIGNED, "a bare list without a COSE_Sign1 around it");
            }
            SignedCbor.Opened opened = SignedCbor.open(item);
            if (!opened.contentType().equals(Optional.of(contentType))) {
                return refused(ListProblem.CORRUPT, "not a " + contentType);
            }
            if (opened.message().getSignature().getValue().length == 0) {
                return refused(ListProblem.UNSIGNED, "the signature is empty");
            }
            if (!SignedCbor.verify(opened, root)) {
                return refused(ListProblem.BAD_SIGNATURE, "not signed by the provisioning root key");
            }
            Contents contents = contents(opened.payload());
            Envelope envelope = contents.envelope();
            if (!clock.instant().isBefore(envelope.expiresAt())) {
                return refused(ListProblem.EXPIRED, "expired at " + envelope.expiresAt());
            }
            if (installedSequence.isPresent() && envelope.sequence() < installedSequence.getAsLong()) {
                return refused(ListProblem.ROLLBACK,
                        "sequence " + envelope.sequence() + " is older than installed " + installedSequence.getAsLong());
            }
            return new ListCheck.Accepted<>(reader.read(contents));
        } catch (MalformedException e) {
            return refused(ListProblem.CORRUPT, e.reason());
        }
    }

    private static Contents contents(byte[] payload) throws MalformedException {
        Map<Integer, CBORItem> map = Cbor.intKeyedMap(
                Cbor.decodeSingle(payload), Set.of(SEQUENCE, ISSUED_AT, EXPIRES_AT, ENTRIES), "list");
        try {
            Envelope envelope = new Envelope(
                    Cbor.nonNegative(Cbor.required(map, SEQUENCE, "sequence"), "sequence"),
                    Cbor.epochSeconds(Cbor.required(map, ISSUED_AT, "issued-at"), "issued-at"),
                    Cbor.epochSeconds(Cbor.required(map, EXPIRES_AT, "expiry"), "expiry"));
            return new Contents(envelope, Cbor.array(Cbor.required(map, ENTRIES, "entries"), "entries"));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("list dates or sequence break the rules");
        }
    }

    private static <T> ListCheck<T> refused(ListProblem problem, String detail) {
        return new ListCheck.Refused<>(problem, detail);
    }
}
