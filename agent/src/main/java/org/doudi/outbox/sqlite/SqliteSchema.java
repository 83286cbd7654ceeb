package org.doudi.outbox.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.doudi.outbox.OutboxFailure;

/**
 * Tables of the outbox and the counters kept beside them.
 *
 * <p>A record is split in two rows: {@code records} holds what is written once (the envelope, some
 * 500 bytes), {@code progress} the few bytes that change three or four times on the way to the centre.
 * A state change then rewrites a 20-byte row — a page holds about 200 of them — instead of the whole
 * envelope, which halved the cost of draining a backlog (docs/benchmarks.md).
 */
final class SqliteSchema {
    static final int VERSION = 2;
    static final String FACT_DEVICE_ID = "device_id";
    static final String FACT_TOWNSHIP = "township";
    /**
     * The lowest seq the next record may take, whatever {@code records} still holds: written when
     * records are purged or salvaged, not on every append, so an append writes one page less.
     */
    static final String FACT_SEQ_FLOOR = "next_seq";

    private static final String RECORDS_TABLE = """
            CREATE TABLE IF NOT EXISTS records(
              seq          INTEGER PRIMARY KEY,
              record_id    TEXT    NOT NULL UNIQUE,
              type         TEXT    NOT NULL,
              envelope     BLOB    NOT NULL,
              enqueued_at  INTEGER NOT NULL,
              shed         INTEGER NOT NULL DEFAULT 0)""";
    private static final String PROGRESS_TABLE = """
            CREATE TABLE IF NOT EXISTS progress(
              seq          INTEGER PRIMARY KEY,
              priority     INTEGER NOT NULL,
              state        INTEGER NOT NULL DEFAULT 0,
              published_at INTEGER,
              acked_at     INTEGER,
              attempts     INTEGER NOT NULL DEFAULT 0)""";

    private SqliteSchema() {
    }

    /** Creates the tables of a new database, or brings an older one up to {@link #VERSION}. */
    static void createOrMigrate(Connection c) throws SQLException {
        int version = userVersion(c);
        if (version > VERSION) {
            throw new OutboxFailure("the outbox database has schema version " + version
                    + ", written by a newer agent than this one (which understands " + VERSION
                    + "); install that newer version — the database is left untouched", null);
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(PROGRESS_TABLE);
            if (version == 1) {
                migrateFromVersion1(s);
            }
            s.execute(RECORDS_TABLE);
            s.execute("CREATE INDEX IF NOT EXISTS send_order ON progress(priority, seq) WHERE state = 0");
            // Every state change rewrote an entry of this index too, a third of the cost of claiming and of
            // marking published (docs/benchmarks.md §2). What looked rows up by state (counts, requeue and
            // purge checks every few seconds or minutes) now reads the narrow progress table instead:
            // milliseconds for 100,000 rows. Dropping it keeps the layout readable by schema-2 agents.
            s.execute("DROP INDEX IF EXISTS by_state");
            s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('" + FACT_SEQ_FLOOR + "', '1')");
            s.execute("PRAGMA user_version = " + VERSION);
        } catch (SQLException e) {
            c.rollback();
            c.setAutoCommit(true);
            throw e;
        }
        SqliteOutbox.commit(c);
    }

    /** Version 1 kept the state in the envelope's row; move it to {@code progress}, in the same transaction. */
    private static void migrateFromVersion1(Statement s) throws SQLException {
        s.execute("""
                INSERT INTO progress(seq, priority, state, published_at, acked_at, attempts)
                  SELECT seq, priority, state, published_at, acked_at, attempts FROM records""");
        s.execute("DROP INDEX IF EXISTS send_order");
        s.execute("DROP INDEX IF EXISTS by_state");
        for (String column : new String[] {"priority", "state", "published_at", "acked_at", "attempts"}) {
            s.execute("ALTER TABLE records DROP COLUMN " + column);
        }
    }

    private static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** The seq the next record takes: above every stored record and never below the floor. */
    static final String NEXT_SEQ = "SELECT max(coalesce((SELECT max(seq) FROM records), 0) + 1,"
            + " coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '" + FACT_SEQ_FLOOR + "'), 1))";

    static long nextSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NEXT_SEQ)) {
            return nextSeq(ps);
        }
    }

    static long nextSeq(PreparedStatement nextSeqQuery) throws SQLException {
        try (ResultSet rs = nextSeqQuery.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Raises the floor to {@code atLeast}; never lowers it. */
    static void raiseSeqFloor(Connection c, long atLeast) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE meta SET value = CAST(max(CAST(value AS INTEGER), ?) AS TEXT) WHERE key = ?")) {
            ps.setLong(1, atLeast);
            ps.setString(2, FACT_SEQ_FLOOR);
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
