package org.doudi.outbox.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** Tables of the outbox and the counters kept beside them. */
final class SqliteSchema {
    static final String FACT_DEVICE_ID = "device_id";
    static final String FACT_TOWNSHIP = "township";
    static final String FACT_NEXT_SEQ = "next_seq";

    private SqliteSchema() {
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS records(
                      seq          INTEGER PRIMARY KEY,
                      record_id    TEXT    NOT NULL UNIQUE,
                      type         TEXT    NOT NULL,
                      priority     INTEGER NOT NULL,
                      state        INTEGER NOT NULL DEFAULT 0,
                      envelope     BLOB    NOT NULL,
                      enqueued_at  INTEGER NOT NULL,
                      published_at INTEGER,
                      acked_at     INTEGER,
                      attempts     INTEGER NOT NULL DEFAULT 0,
                      shed         INTEGER NOT NULL DEFAULT 0)""");
            s.execute("CREATE INDEX IF NOT EXISTS send_order ON records(priority, seq) WHERE state = 0");
            s.execute("CREATE INDEX IF NOT EXISTS by_state ON records(state, enqueued_at)");
            s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('" + FACT_NEXT_SEQ + "', '1')");
            s.execute("PRAGMA user_version = " + SqliteOutbox.SCHEMA_VERSION);
        }
    }

    static long nextSeq(Connection c) throws SQLException {
        return fact(c, FACT_NEXT_SEQ).map(Long::parseLong).orElse(1L);
    }

    static void setNextSeq(Connection c, long next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE meta SET value = ? WHERE key = ?")) {
            ps.setString(1, Long.toString(next));
            ps.setString(2, FACT_NEXT_SEQ);
            ps.executeUpdate();
        }
    }

    static Optional<String> fact(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
