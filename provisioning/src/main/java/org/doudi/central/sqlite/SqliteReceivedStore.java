package org.doudi.central.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.doudi.central.DeviceProgress;
import org.doudi.central.ReceivedEnvelope;
import org.doudi.central.ReceivedStore;
import org.doudi.central.ReceivedStoreFailure;
import org.doudi.central.StoreResult;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.SeqRange;
import org.sqlite.SQLiteConfig;

/**
 * The reference store: one SQLite file in WAL mode with {@code synchronous=FULL}, so a commit has
 * reached the disk before the receiver acknowledges anything in it. Received ranges are computed from
 * the records themselves rather than kept in a second table that could drift from them; that query
 * runs once per device at start-up. One connection, calls serialised: the receiver has one writer.
 */
public final class SqliteReceivedStore implements ReceivedStore {
    static final int SCHEMA_VERSION = 2;
    /** Long enough to outlast a backup or an inspecting sqlite3 shell, short enough to report a stuck lock. */
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private final Connection connection;
    private final Clock clock;
    private final PreparedStatement insertRecord;
    private final PreparedStatement findRecord;
    private final PreparedStatement insertConflict;
    private boolean closed;

    private SqliteReceivedStore(Connection connection, Clock clock) throws SQLException {
        this.connection = connection;
        this.clock = clock;
        this.insertRecord = connection.prepareStatement("""
                INSERT INTO records(record_id, device_id, township, seq, type, created_at, received_at, envelope, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
        this.findRecord = connection.prepareStatement(
                "SELECT device_id, township, seq FROM records WHERE record_id = ?");
        this.insertConflict = connection.prepareStatement("""
                INSERT INTO conflicts(record_id, device_id, township, seq, type, created_at, received_at, reason, envelope)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
    }

    public static SqliteReceivedStore open(Path file) {
        return open(file, Clock.systemUTC());
    }

    public static SqliteReceivedStore open(Path file, Clock clock) {
        Connection c = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setGetGeneratedKeys(false); // unused; it would cost a SELECT after every INSERT
            c = config.createConnection("jdbc:sqlite:" + file);
            createSchema(c);
            c.setAutoCommit(false);
            return new SqliteReceivedStore(c, clock);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new ReceivedStoreFailure("cannot open the received-records database " + file, e);
        } catch (ReceivedStoreFailure e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw new ReceivedStoreFailure("the received-records database has schema version " + version
                        + ", newer than this receiver understands (" + SCHEMA_VERSION + ")");
            }
            s.execute("""
                    CREATE TABLE IF NOT EXISTS records(
                      record_id   TEXT    PRIMARY KEY,
                      device_id   TEXT    NOT NULL,
                      township    TEXT    NOT NULL,
                      seq         INTEGER NOT NULL,
                      type        TEXT    NOT NULL,
                      created_at  TEXT    NOT NULL,  -- ISO-8601, as the device stamped it
                      received_at INTEGER NOT NULL,  -- epoch millis, the centre's clock
                      envelope    BLOB    NOT NULL,  -- the exact bytes received: the device's signed evidence
                      payload     TEXT,              -- the payload as JSON, opened; NULL if it could not be read
                      UNIQUE(device_id, seq))""");
            if (version == 1) {
                s.execute("ALTER TABLE records ADD COLUMN payload TEXT");
            }
            s.execute("""
                    CREATE TABLE IF NOT EXISTS conflicts(
                      id          INTEGER PRIMARY KEY,
                      record_id   TEXT    NOT NULL,
                      device_id   TEXT    NOT NULL,
                      township    TEXT    NOT NULL,
                      seq         INTEGER NOT NULL,
                      type        TEXT    NOT NULL,
                      created_at  TEXT    NOT NULL,
                      received_at INTEGER NOT NULL,
                      reason      TEXT    NOT NULL,
                      envelope    BLOB    NOT NULL,
                      UNIQUE(record_id, device_id, township, seq))""");
            s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
        }
    }

    @Override
    public synchronized StoreResult store(Envelope envelope, byte[] raw) {
        return storeAll(List.of(new ReceivedEnvelope(envelope, raw))).get(0);
    }

    @Override
    public synchronized List<StoreResult> storeAll(List<ReceivedEnvelope> batch) {
        ensureOpen();
        long receivedAt = clock.millis();
        List<StoreResult> results = new ArrayList<>(batch.size());
        try {
            for (ReceivedEnvelope r : batch) {
                results.add(storeOne(r.envelope(), r.raw(), receivedAt));
            }
            connection.commit();
            return results;
        } catch (SQLException | RuntimeException e) {
            // Also on a runtime failure: a half-done batch left open would be committed with the next one.
            rollbackQuietly();
            throw new ReceivedStoreFailure("storing a batch of " + batch.size() + " records failed", e);
        }
    }

    private StoreResult storeOne(Envelope e, byte[] raw, long receivedAt) throws SQLException {
        bindRecord(insertRecord, e, receivedAt);
        insertRecord.setBytes(8, raw);
        insertRecord.setString(9, ReceivedEnvelope.readablePayload(e).orElse(null));
        if (insertRecord.executeUpdate() == 1) {
            return StoreResult.NEW;
        }
        findRecord.setString(1, e.recordId());
        try (ResultSet rs = findRecord.executeQuery()) {
            if (!rs.next()) {
                keepAside(e, raw, receivedAt, "seq already taken by another record");
                return StoreResult.CONFLICT;
            }
            if (rs.getString(1).equals(e.deviceId()) && rs.getString(2).equals(e.township())
                    && rs.getLong(3) == e.seq()) {
                return StoreResult.DUPLICATE;
            }
        }
        keepAside(e, raw, receivedAt, "record_id already stored for another device or seq");
        return StoreResult.CONFLICT;
    }

    private void keepAside(Envelope e, byte[] raw, long receivedAt, String reason) throws SQLException {
        bindRecord(insertConflict, e, receivedAt);
        insertConflict.setString(8, reason);
        insertConflict.setBytes(9, raw);
        insertConflict.executeUpdate();
    }

    private static void bindRecord(PreparedStatement ps, Envelope e, long receivedAt) throws SQLException {
        ReceivedEnvelope.bindHeader(ps, e);
        ps.setLong(7, receivedAt);
    }

    @Override
    public synchronized Optional<JsonNode> payload(String recordId) {
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement("SELECT payload FROM records WHERE record_id = ?")) {
            ps.setString(1, recordId);
            Optional<String> json;
            try (ResultSet rs = ps.executeQuery()) {
                json = rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
            connection.commit();
            return json.map(ReceivedEnvelope::parsePayload);
        } catch (SQLException e) {
            rollbackQuietly();
            throw new ReceivedStoreFailure("reading a stored payload failed", e);
        }
    }

    @Override
    public synchronized DeviceProgress progress(DeviceIdentity device) {
        ensureOpen();
        // Consecutive seqs share the same seq - row_number, so each such group is one range ("islands").
        String islands = """
                SELECT MIN(seq), MAX(seq) FROM (
                  SELECT seq, seq - ROW_NUMBER() OVER (ORDER BY seq) AS island
                  FROM records WHERE device_id = ? AND township = ?)
                GROUP BY island ORDER BY 1""";
        try (PreparedStatement ps = connection.prepareStatement(islands)) {
            ps.setString(1, device.deviceId());
            ps.setString(2, device.township());
            List<SeqRange> ranges = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ranges.add(new SeqRange(rs.getLong(1), rs.getLong(2)));
                }
            }
            connection.commit();
            return new DeviceProgress(device, ranges);
        } catch (SQLException e) {
            rollbackQuietly();
            throw new ReceivedStoreFailure("reading the progress of device " + device.deviceId() + " failed", e);
        }
    }

    @Override
    public synchronized Set<DeviceIdentity> devices() {
        ensureOpen();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT DISTINCT device_id, township FROM records ORDER BY township, device_id")) {
            Set<DeviceIdentity> devices = new LinkedHashSet<>();
            while (rs.next()) {
                devices.add(new DeviceIdentity(rs.getString(1), rs.getString(2)));
            }
            connection.commit();
            return devices;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new ReceivedStoreFailure("listing devices failed", e);
        }
    }

    @Override
    public long count() {
        return countRows("records");
    }

    @Override
    public long conflictCount() {
        return countRows("conflicts");
    }

    private synchronized long countRows(String table) {
        ensureOpen();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            long n = rs.getLong(1);
            connection.commit();
            return n;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new ReceivedStoreFailure("counting " + table + " failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(connection);
    }

    private void ensureOpen() {
        if (closed) {
            throw new ReceivedStoreFailure("the received-records store is closed");
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The failed transaction is abandoned either way; SQLite rolls it back when the connection closes.
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // Best effort; SQLite recovers the WAL on the next open.
        }
    }
}
