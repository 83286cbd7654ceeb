package org.doudi.outbox.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** Connection settings in one place, so every process opens the outbox the same way. */
final class SqliteConnections {
    /** Long enough to outlast a burst of appends from another process, short enough to report a stuck lock. */
    static final int BUSY_TIMEOUT_MS = 30_000;
    static final int PAGE_SIZE = 4096;

    enum Durability {
        /** fsync on every commit: the caller is told "saved" only after this. */
        FULL(SQLiteConfig.SynchronousMode.FULL),
        /** WAL with NORMAL: atomic, but the last commits may roll back on power loss. */
        NORMAL(SQLiteConfig.SynchronousMode.NORMAL);

        final SQLiteConfig.SynchronousMode mode;

        Durability(SQLiteConfig.SynchronousMode mode) {
            this.mode = mode;
        }
    }

    private SqliteConnections() {
    }

    static Connection open(OutboxOptions options, Durability durability) throws SQLException {
        return open(options.databaseFile().toString(), durability, options.maxDatabaseBytes(), false);
    }

    static Connection open(String file, Durability durability, long maxDatabaseBytes, boolean readOnly)
            throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setPageSize(PAGE_SIZE);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durability.mode);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setReadOnly(readOnly);
        // Nothing reads generated keys; left on, sqlite-jdbc runs SELECT last_insert_rowid() after every INSERT.
        config.setGetGeneratedKeys(false);
        Connection c = config.createConnection("jdbc:sqlite:" + file);
        if (maxDatabaseBytes > 0) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA max_page_count = " + Math.max(16, maxDatabaseBytes / PAGE_SIZE));
            }
        }
        return c;
    }

    static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // Closing is best effort; SQLite recovers the WAL on next open.
        }
    }
}
