package org.doudi.central.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.doudi.central.ReceivedStore;
import org.doudi.central.ReceivedStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a SQLite file, and what only a file has: its journal mode. */
class SqliteReceivedStoreTest extends ReceivedStoreContract {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("received.db");
    }

    @Override
    protected ReceivedStore openStore() {
        return SqliteReceivedStore.open(file());
    }

    @Override
    protected void writeANewerSchemaVersion() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (SqliteReceivedStore.SCHEMA_VERSION + 1));
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
    void aVersion1FileKeepsItsRecordsAndGainsThePayloadColumn() throws Exception {
        org.doudi.record.Envelope old = org.doudi.central.TestEnvelopes.envelope(DEVICE, 1);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE records(record_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, township TEXT NOT NULL,
                      seq INTEGER NOT NULL, type TEXT NOT NULL, created_at TEXT NOT NULL, received_at INTEGER NOT NULL,
                      envelope BLOB NOT NULL, UNIQUE(device_id, seq))""");
            s.execute("INSERT INTO records VALUES ('" + old.recordId() + "', '" + DEVICE.deviceId() + "', '"
                    + DEVICE.township() + "', 1, 'welfare_check', '2026-01-02T03:04:05Z', 0, x'7b7d')");
            s.execute("PRAGMA user_version = 1");
        }
        try (ReceivedStore store = openStore()) {
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.payload(old.recordId())).as("stored before payloads were kept").isEmpty();
            org.doudi.record.Envelope next = org.doudi.central.TestEnvelopes.envelope(DEVICE, 2);
            store(store, next);
            assertThat(store.payload(next.recordId())).isEqualTo(next.payload().readableJson());
        }
    }
}
