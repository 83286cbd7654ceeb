package org.doudi.outbox.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.doudi.outbox.OutboxCounts;
import org.doudi.outbox.OutboxFailure;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.Outgoing;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.record.Envelope;
import org.doudi.record.NewRecord;
import org.doudi.testsupport.TestOutboxes;
import org.doudi.testsupport.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databases written by an earlier agent open without losing a record, a state or a seq. */
class OutboxSchemaMigrationTest {
    @TempDir
    Path dir;

    private final TestRecords records = new TestRecords(7);

    @Test
    void version1KeepsEveryRecordItsStateAndTheNumbering() throws Exception {
        List<NewRecord> stored = records.applications(4);
        try (Connection c = rawConnection()) {
            writeVersion1(c, stored, 10);
        }

        try (SqliteOutbox outbox = TestOutboxes.open(dir)) {
            OutboxCounts counts = outbox.counts();
            assertThat(counts.byState()).containsEntry(OutboxState.PENDING, 1L).containsEntry(OutboxState.SENDING, 1L)
                    .containsEntry(OutboxState.PUBLISHED, 1L).containsEntry(OutboxState.ACKNOWLEDGED, 1L);
            assertThat(counts.lastSeq()).as("seqs 5..9 were purged before the upgrade").isEqualTo(9);

            assertThat(outbox.recoverInterruptedSends()).isEqualTo(1);
            List<Outgoing> claimed = outbox.claim(10);
            assertThat(claimed).extracting(Outgoing::seq).containsExactly(1L, 2L);
            assertThat(claimed.get(0).envelope()).isEqualTo(envelope(stored.get(0), 1));
            assertThat(outbox.append(List.of(records.application())).getFirst().seq()).isEqualTo(10);
        }
    }

    @Test
    void aDatabaseFromANewerAgentIsRefusedAndLeftAlone() throws Exception {
        try (SqliteOutbox outbox = TestOutboxes.open(dir)) {
            outbox.append(List.of(records.application()));
        }
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (SqliteSchema.VERSION + 1));
        }

        assertThatThrownBy(() -> OutboxOpener.open(TestOutboxes.options(dir), Optional.of(TestOutboxes.DEVICE),
                Optional.of(TestOutboxes.TOWNSHIP), true))
                .isInstanceOf(OutboxFailure.class).hasMessageContaining("newer agent");
        try (Connection c = rawConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM records")) {
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    private Connection rawConnection() throws Exception {
        return SqliteConnections.open(dir.resolve("outbox.db").toString(), SqliteConnections.Durability.FULL, 0, false);
    }

    private static byte[] envelope(NewRecord r, long seq) {
        return EnvelopeCodec.encode(Envelope.of(r, TestOutboxes.DEVICE, TestOutboxes.TOWNSHIP, seq));
    }

    /** The layout of schema version 1, as agents before it wrote it; record i (from 1) is in state i - 1. */
    private static void writeVersion1(Connection c, List<NewRecord> stored, long nextSeq) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE records(seq INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
                      priority INTEGER NOT NULL, state INTEGER NOT NULL DEFAULT 0, envelope BLOB NOT NULL,
                      enqueued_at INTEGER NOT NULL, published_at INTEGER, acked_at INTEGER,
                      attempts INTEGER NOT NULL DEFAULT 0, shed INTEGER NOT NULL DEFAULT 0)""");
            s.execute("CREATE INDEX send_order ON records(priority, seq) WHERE state = 0");
            s.execute("CREATE INDEX by_state ON records(state, enqueued_at)");
            s.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("INSERT INTO meta VALUES ('next_seq', '" + nextSeq + "'), ('device_id', '"
                    + TestOutboxes.DEVICE + "'), ('township', '" + TestOutboxes.TOWNSHIP + "')");
            s.execute("PRAGMA user_version = 1");
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO records(seq, record_id, type, priority, state,"
                + " envelope, enqueued_at, published_at, acked_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (int i = 0; i < stored.size(); i++) {
                NewRecord r = stored.get(i);
                insert.setLong(1, i + 1);
                insert.setString(2, r.recordId());
                insert.setString(3, r.type().wireName());
                insert.setInt(4, r.priority().rank());
                insert.setInt(5, i);
                insert.setBytes(6, envelope(r, i + 1));
                insert.setLong(7, 1_000L + i);
                insert.setObject(8, i >= 2 ? 2_000L : null);
                insert.setObject(9, i >= 3 ? 3_000L : null);
                insert.executeUpdate();
            }
        }
    }
}
