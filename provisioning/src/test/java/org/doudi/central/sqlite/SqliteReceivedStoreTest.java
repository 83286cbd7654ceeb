package org.doudi.central.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.doudi.central.ReceivedEnvelope;
import org.doudi.central.ReceivedStoreFailure;
import org.doudi.central.SeqTracker;
import org.doudi.central.StoreResult;
import org.doudi.central.TestEnvelopes;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.SeqRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteReceivedStoreTest {
    private static final DeviceIdentity DEVICE = new DeviceIdentity("kiosk-001", TestEnvelopes.TOWNSHIP);
    private static final DeviceIdentity OTHER = new DeviceIdentity("kiosk-002", TestEnvelopes.TOWNSHIP);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("received.db");
    }

    private static StoreResult store(SqliteReceivedStore store, Envelope e) {
        return store.store(e, EnvelopeCodec.encode(e));
    }

    private static ReceivedEnvelope received(Envelope e) {
        return new ReceivedEnvelope(e, EnvelopeCodec.encode(e));
    }

    @Test
    void theSameRecordTwiceIsStoredOnce() {
        try (SqliteReceivedStore store = SqliteReceivedStore.open(file())) {
            Envelope e = TestEnvelopes.envelope(DEVICE, 1);
            assertThat(store(store, e)).isEqualTo(StoreResult.NEW);
            assertThat(store(store, e)).isEqualTo(StoreResult.DUPLICATE);
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.conflictCount()).isZero();
        }
    }

    @Test
    void anotherRecordUnderATakenSeqIsKeptAsideAndNeverReplacesTheStoredOne() throws SQLException {
        Envelope original = TestEnvelopes.envelope(DEVICE, 1);
        try (SqliteReceivedStore store = SqliteReceivedStore.open(file())) {
            Envelope intruder = TestEnvelopes.envelope(DEVICE, 1);
            assertThat(store(store, original)).isEqualTo(StoreResult.NEW);
            assertThat(store(store, intruder)).isEqualTo(StoreResult.CONFLICT);
            assertThat(store(store, intruder)).as("still a conflict when resent").isEqualTo(StoreResult.CONFLICT);
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.conflictCount()).as("kept aside once").isEqualTo(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT record_id FROM records WHERE device_id = 'kiosk-001' AND seq = 1")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(original.recordId());
        }
    }

    @Test
    void aRecordIdStoredUnderAnotherSeqOrDeviceIsAConflict() {
        try (SqliteReceivedStore store = SqliteReceivedStore.open(file())) {
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
        try (SqliteReceivedStore store = SqliteReceivedStore.open(file())) {
            Envelope first = TestEnvelopes.envelope(DEVICE, 1);
            Envelope second = TestEnvelopes.envelope(DEVICE, 2);
            Envelope clash = TestEnvelopes.envelope(DEVICE, 2);
            List<StoreResult> results = store.storeAll(
                    List.of(received(first), received(second), received(first), received(clash)));
            assertThat(results).containsExactly(StoreResult.NEW, StoreResult.NEW, StoreResult.DUPLICATE,
                    StoreResult.CONFLICT);
            assertThat(store.count()).isEqualTo(2);
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
        try (SqliteReceivedStore store = SqliteReceivedStore.open(file())) {
            for (long seq : seqs) {
                store(store, TestEnvelopes.envelope(DEVICE, seq));
                expected.add(seq);
            }
            store(store, TestEnvelopes.envelope(OTHER, 5));
        }
        try (SqliteReceivedStore reopened = SqliteReceivedStore.open(file())) {
            assertThat(reopened.devices()).containsExactlyInAnyOrder(DEVICE, OTHER);
            assertThat(reopened.progress(DEVICE).received()).isEqualTo(expected.ranges());
            assertThat(reopened.progress(OTHER).received()).containsExactly(new SeqRange(5, 5));
            assertThat(reopened.progress(new DeviceIdentity("kiosk-999", TestEnvelopes.TOWNSHIP)).received()).isEmpty();
            assertThat(reopened.count()).isEqualTo(seqs.size() + 1);
        }
    }

    @Test
    void theDatabaseIsInWalMode() throws SQLException {
        SqliteReceivedStore.open(file()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void aDatabaseFromANewerReceiverIsRefused() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (SqliteReceivedStore.SCHEMA_VERSION + 1));
        }
        assertThatThrownBy(() -> SqliteReceivedStore.open(file()))
                .isInstanceOf(ReceivedStoreFailure.class)
                .hasMessageContaining("newer");
    }

    @Test
    void aClosedStoreSaysSo() {
        SqliteReceivedStore store = SqliteReceivedStore.open(file());
        store.close();
        store.close();
        assertThatThrownBy(() -> store(store, TestEnvelopes.envelope(DEVICE, 1)))
                .isInstanceOf(ReceivedStoreFailure.class);
    }
}
