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
}
