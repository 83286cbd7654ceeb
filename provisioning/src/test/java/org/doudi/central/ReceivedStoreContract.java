package org.doudi.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.SeqRange;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReceivedStore} does, whatever keeps the records. A subclass names the storage:
 * {@link #openStore()} opens the same storage every time it is called within one test (so reopening
 * is a restart), and each test starts with an empty one.
 */
public abstract class ReceivedStoreContract {
    protected static final DeviceIdentity DEVICE = new DeviceIdentity("kiosk-001", TestEnvelopes.TOWNSHIP);
    protected static final DeviceIdentity OTHER = new DeviceIdentity("kiosk-002", TestEnvelopes.TOWNSHIP);

    /** Opens this test's storage; the test closes what it opens. */
    protected abstract ReceivedStore openStore();

    /** Leaves this test's storage as a receiver with a schema version above this one's would. */
    protected abstract void writeANewerSchemaVersion() throws Exception;

    protected static StoreResult store(ReceivedStore store, Envelope e) {
        return store.store(e, EnvelopeCodec.encode(e));
    }

    private static ReceivedEnvelope received(Envelope e) {
        return new ReceivedEnvelope(e, EnvelopeCodec.encode(e));
    }

    @Test
    void theReadablePayloadIsKeptBesideTheEnvelopeAsReceived() {
        try (ReceivedStore store = openStore()) {
            Envelope e = TestEnvelopes.envelope(DEVICE, 1);
            store(store, e);
            assertThat(store.payload(e.recordId())).isEqualTo(e.payload().readableJson());
            assertThat(store.payload(org.doudi.record.RecordIds.next())).isEmpty();
        }
    }

    @Test
    void aPayloadTheReceiverCouldNotOpenIsKeptSealedOnly() {
        try (ReceivedStore store = openStore()) {
            Envelope readable = TestEnvelopes.envelope(DEVICE, 1);
            var device = new org.doudi.security.DeviceProtection(
                    org.doudi.security.Keys.CentralPrivateKey.generate().publicKey(),
                    org.doudi.security.Keys.DeviceSigningKey.generate());
            Envelope sealed = readable.withPayload(device.seal(DEVICE, readable.recordId(), readable.type(),
                    readable.payload().readableJson().orElseThrow()));
            assertThat(store(store, sealed)).isEqualTo(StoreResult.NEW);
            assertThat(store.payload(sealed.recordId())).isEmpty();
            assertThat(store.count()).isEqualTo(1);
        }
    }

    /** A NUL inside a JSON string is legal JSON; PostgreSQL's JSONB would refuse it, the TEXT column does not. */
    @Test
    void aPayloadWithAnEscapedNulIsStoredAndReadBack() throws Exception {
        try (ReceivedStore store = openStore()) {
            Envelope e = TestEnvelopes.envelope(DEVICE, 1);
            com.fasterxml.jackson.databind.node.ObjectNode odd = org.doudi.protocol.Json.MAPPER.createObjectNode()
                    .put("note", "before\u0000after");
            Envelope withNul = e.withPayload(org.doudi.record.Payload.readable(odd));
            assertThat(store(store, withNul)).isEqualTo(StoreResult.NEW);
            assertThat(store.payload(e.recordId())).contains(odd);
        }
    }

    @Test
    void theSameRecordTwiceIsStoredOnce() {
        try (ReceivedStore store = openStore()) {
            Envelope e = TestEnvelopes.envelope(DEVICE, 1);
            assertThat(store(store, e)).isEqualTo(StoreResult.NEW);
            assertThat(store(store, e)).isEqualTo(StoreResult.DUPLICATE);
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.conflictCount()).isZero();
        }
    }

    @Test
    void anotherRecordUnderATakenSeqIsKeptAsideAndNeverReplacesTheStoredOne() {
        Envelope original = TestEnvelopes.envelope(DEVICE, 1);
        Envelope intruder = TestEnvelopes.envelope(DEVICE, 1);
        try (ReceivedStore store = openStore()) {
            assertThat(store(store, original)).isEqualTo(StoreResult.NEW);
            assertThat(store(store, intruder)).isEqualTo(StoreResult.CONFLICT);
            assertThat(store(store, intruder)).as("still a conflict when resent").isEqualTo(StoreResult.CONFLICT);
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.conflictCount()).as("kept aside once").isEqualTo(1);
        }
        try (ReceivedStore reopened = openStore()) {
            assertThat(store(reopened, original)).as("the original still holds seq 1").isEqualTo(StoreResult.DUPLICATE);
        }
    }

    @Test
    void aRecordIdStoredUnderAnotherSeqOrDeviceIsAConflict() {
        try (ReceivedStore store = openStore()) {
            Envelope stored = TestEnvelopes.envelope(DEVICE, 1);
            store(store, stored);
            Envelope sameIdOtherSeq = TestEnvelopes.envelope(DEVICE, 2, stored.recordId());
            Envelope sameIdOtherDevice = TestEnvelopes.envelope(OTHER, 1, stored.recordId());
            assertThat(store(store, sameIdOtherSeq)).isEqualTo(StoreResult.CONFLICT);
            assertThat(store(store, sameIdOtherDevice)).isEqualTo(StoreResult.CONFLICT);
            assertThat(store.progress(DEVICE).received()).containsExactly(new SeqRange(1, 1));
            assertThat(store.progress(OTHER).received()).isEmpty();
            assertThat(store.conflictCount()).isEqualTo(2);
        }
    }

    @Test
    void aBatchIsStoredWithResultsInItsOrderEvenWithAResendInside() {
        try (ReceivedStore store = openStore()) {
            Envelope first = TestEnvelopes.envelope(DEVICE, 1);
            Envelope second = TestEnvelopes.envelope(DEVICE, 2);
            Envelope clash = TestEnvelopes.envelope(DEVICE, 2);
            List<StoreResult> results = store.storeAll(
                    List.of(received(first), received(second), received(first), received(clash)));
            assertThat(results).containsExactly(StoreResult.NEW, StoreResult.NEW, StoreResult.DUPLICATE,
                    StoreResult.CONFLICT);
            assertThat(store.count()).isEqualTo(2);
            assertThat(store.conflictCount()).isEqualTo(1);
        }
    }

    @Test
    void progressAfterReopeningMatchesWhatWasStored() {
        Random random = new Random(42);
        List<Long> seqs = new ArrayList<>();
        for (long seq = 1; seq <= 300; seq++) {
            if (random.nextInt(4) != 0) {
                seqs.add(seq);
            }
        }
        Collections.shuffle(seqs, random);
        SeqTracker expected = new SeqTracker();
        try (ReceivedStore store = openStore()) {
            List<ReceivedEnvelope> batch = new ArrayList<>();
            for (long seq : seqs) {
                batch.add(received(TestEnvelopes.envelope(DEVICE, seq)));
                expected.add(seq);
                if (batch.size() == 37) {
                    store.storeAll(batch);
                    batch.clear();
                }
            }
            store.storeAll(batch);
            store(store, TestEnvelopes.envelope(OTHER, 5));
        }
        try (ReceivedStore reopened = openStore()) {
            assertThat(reopened.devices()).containsExactlyInAnyOrder(DEVICE, OTHER);
            assertThat(reopened.progress(DEVICE).received()).isEqualTo(expected.ranges());
            assertThat(reopened.progress(OTHER).received()).containsExactly(new SeqRange(5, 5));
            assertThat(reopened.progress(new DeviceIdentity("kiosk-999", TestEnvelopes.TOWNSHIP)).received()).isEmpty();
            assertThat(reopened.count()).isEqualTo(seqs.size() + 1);
        }
    }

    @Test
    void anEmptyStoreKnowsNoDevice() {
        try (ReceivedStore store = openStore()) {
            assertThat(store.devices()).isEmpty();
            assertThat(store.count()).isZero();
            assertThat(store.storeAll(List.of())).isEmpty();
        }
    }

    @Test
    void storageFromANewerReceiverIsRefused() throws Exception {
        writeANewerSchemaVersion();
        assertThatThrownBy(this::openStore)
                .isInstanceOf(ReceivedStoreFailure.class)
                .hasMessageContaining("newer");
    }

    @Test
    void aClosedStoreSaysSo() {
        ReceivedStore store = openStore();
        store.close();
        store.close();
        assertThatThrownBy(() -> store(store, TestEnvelopes.envelope(DEVICE, 1)))
                .isInstanceOf(ReceivedStoreFailure.class);
        assertThatThrownBy(store::devices).isInstanceOf(ReceivedStoreFailure.class);
    }
}
