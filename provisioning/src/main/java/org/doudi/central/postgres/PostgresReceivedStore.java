package org.doudi.central.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.doudi.central.DeviceProgress;
import org.doudi.central.ReceivedEnvelope;
import org.doudi.central.ReceivedStore;
import org.doudi.central.ReceivedStoreFailure;
import org.doudi.central.StoreResult;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.SeqRange;
import org.tinylog.Logger;

/**
 * The production store: the inbox's tables in one schema of a PostgreSQL database, with the same
 * behaviour as {@link org.doudi.central.sqlite.SqliteReceivedStore} (idempotent by record_id, conflicts
 * kept aside, one transaction per batch, ranges computed from the records). A commit returns only once
 * PostgreSQL has flushed it ({@code synchronous_commit} is raised to {@code on} for this session if the
 * server or role turned it off), so nothing is acknowledged that a crash of the database could lose.
 *
 * <p>One connection, calls serialised: the receiver has one writer. Unlike a file, the connection can
 * break (a database restart, a network cut); the store then connects again on the next call, and a
 * transaction that failed on a broken connection before its commit was sent is run once more on the
 * new one — the server rolled it back, so nothing is stored twice.
 */
public final class PostgresReceivedStore implements ReceivedStore {
    static final int SCHEMA_VERSION = 2;
    public static final String DEFAULT_SCHEMA = "doudi";
    /** Lower-case SQL identifiers only, so a schema name can be written into SQL without quoting. */
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    public static final String SCHEMA_NAME_RULE = "1 to 63 of a-z, 0-9 and _, not starting with a digit";
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final int VALIDITY_CHECK_SECONDS = 2;
    private static final String APPLICATION_NAME = "doudi-inbox";

    /** What one call does inside its transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Session session) throws SQLException;
    }

    /** One open connection with the statements prepared on it. */
    private static final class Session {
        final Connection connection;
        final PreparedStatement insertRecord;
        final PreparedStatement findRecord;
        final PreparedStatement insertConflict;
        final PreparedStatement progress;

        Session(Connection connection) throws SQLException {
            this.connection = connection;
            this.insertRecord = connection.prepareStatement("""
                    INSERT INTO records(record_id, device_id, township, seq, type, created_at, received_at, envelope,
                      payload)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
            this.findRecord = connection.prepareStatement(
                    "SELECT device_id, township, seq FROM records WHERE record_id = ?");
            this.insertConflict = connection.prepareStatement("""
                    INSERT INTO conflicts(record_id, device_id, township, seq, type, created_at, received_at, reason,
                      envelope)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
            // Consecutive seqs share the same seq - row_number, so each such group is one range ("islands").
            this.progress = connection.prepareStatement("""
                    SELECT MIN(seq), MAX(seq) FROM (
                      SELECT seq, seq - ROW_NUMBER() OVER (ORDER BY seq) AS island
                      FROM records WHERE device_id = ? AND township = ?) AS numbered
                    GROUP BY island ORDER BY 1""");
        }
    }

    private final String jdbcUrl;
    private final Properties connectionProperties;
    private final String schema;
    private final Clock clock;
    private Session session;
    private boolean closed;

    private PostgresReceivedStore(String jdbcUrl, Properties connectionProperties, String schema, Clock clock,
            Session session) {
        this.jdbcUrl = jdbcUrl;
        this.connectionProperties = connectionProperties;
        this.schema = schema;
        this.clock = clock;
        this.session = session;
    }

    public static boolean isValidSchemaName(String name) {
        return name != null && SCHEMA_NAME.matcher(name).matches();
    }

    /**
     * Connects, creates the schema and its tables if they are missing, and refuses a schema written by
     * a newer receiver.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database[?user=...]}; passwords belong in
     *     {@code ~/.pgpass}, not here, because the URL may be shown in messages
     * @param schema where the tables live; created if missing
     */
    public static PostgresReceivedStore open(String jdbcUrl, String schema) {
        return open(jdbcUrl, schema, Clock.systemUTC());
    }

    public static PostgresReceivedStore open(String jdbcUrl, String schema, Clock clock) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!isValidSchemaName(schema)) {
            throw new IllegalArgumentException("schema name must be " + SCHEMA_NAME_RULE);
        }
        Properties properties = new Properties();
        // Defaults only: the same keys in the URL win.
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        // The server's detail lines can quote a failing row, and a row holds an envelope.
        properties.setProperty("logServerErrorDetail", "false");
        Connection c = null;
        try {
            c = connect(jdbcUrl, properties, schema);
            createSchema(c, schema);
            return new PostgresReceivedStore(jdbcUrl, properties, schema, clock, new Session(c));
        } catch (SQLException e) {
            closeQuietly(c);
            throw new ReceivedStoreFailure("cannot open the received-records schema " + schema + ": " + reason(e), e);
        } catch (ReceivedStoreFailure e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** A connection whose session settings hold for good: they are made before transactions begin. */
    private static Connection connect(String jdbcUrl, Properties properties, String schema) throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, properties);
        try (Statement s = c.createStatement()) {
            String synchronousCommit;
            try (ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
                rs.next();
                synchronousCommit = rs.getString(1);
            }
            // "off" returns before the commit is on disk; acks must never run ahead of the disk.
            if (synchronousCommit.equals("off")) {
                s.execute("SET synchronous_commit = on");
            }
            c.setSchema(schema);
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void createSchema(Connection c, String schema) throws SQLException {
        try (Statement s = c.createStatement()) {
            // Two receivers starting together would otherwise race on CREATE ... IF NOT EXISTS.
            s.execute("SELECT pg_advisory_xact_lock(hashtext('doudi-inbox-schema:" + schema + "'))");
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            // Only when missing: a role allowed to use an existing schema need not be allowed to create one.
            if (!exists) {
                s.execute("CREATE SCHEMA " + schema);
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".schema_version(version INTEGER NOT NULL)");
            int version;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + schema + ".schema_version")) {
                rs.next();
                version = rs.getInt(1);
            }
            if (version > SCHEMA_VERSION) {
                throw new ReceivedStoreFailure("the received-records schema " + schema + " has schema version "
                        + version + ", newer than this receiver understands (" + SCHEMA_VERSION + ")");
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + schema + """
                    .records(
                      record_id   TEXT        PRIMARY KEY,
                      device_id   TEXT        NOT NULL,
                      township    TEXT        NOT NULL,
                      seq         BIGINT      NOT NULL,
                      type        TEXT        NOT NULL,
                      created_at  TEXT        NOT NULL,  -- ISO-8601, as the device stamped it
                      received_at TIMESTAMPTZ NOT NULL,  -- the centre's clock
                      envelope    BYTEA       NOT NULL,  -- the exact bytes received, for signature checks
                      payload     TEXT,                  -- the payload as JSON text, opened; NULL if unread
                      UNIQUE (device_id, seq))""");
            // TEXT, not JSONB: JSONB refuses \u0000 inside strings, and one such payload would fail every
            // batch holding it, resend after resend.
            if (version == 1) {
                s.execute("ALTER TABLE " + schema + ".records ADD COLUMN IF NOT EXISTS payload TEXT");
                s.execute("UPDATE " + schema + ".schema_version SET version = " + SCHEMA_VERSION);
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + schema + """
                    .conflicts(
                      id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      record_id   TEXT        NOT NULL,
                      device_id   TEXT        NOT NULL,
                      township    TEXT        NOT NULL,
                      seq         BIGINT      NOT NULL,
                      type        TEXT        NOT NULL,
                      created_at  TEXT        NOT NULL,
                      received_at TIMESTAMPTZ NOT NULL,
                      reason      TEXT        NOT NULL,
                      envelope    BYTEA       NOT NULL,
                      UNIQUE (record_id, device_id, township, seq))""");
            // For the people who read what arrived: by township and time, and conflicts by device.
            s.execute("CREATE INDEX IF NOT EXISTS records_township_received ON " + schema
                    + ".records(township, received_at)");
            s.execute("CREATE INDEX IF NOT EXISTS conflicts_device ON " + schema + ".conflicts(device_id, seq)");
            if (version == 0) {
                s.execute("INSERT INTO " + schema + ".schema_version(version) VALUES (" + SCHEMA_VERSION + ")");
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    @Override
    public synchronized StoreResult store(Envelope envelope, byte[] raw) {
        return storeAll(List.of(new ReceivedEnvelope(envelope, raw))).get(0);
    }

    @Override
    public synchronized List<StoreResult> storeAll(List<ReceivedEnvelope> batch) {
        OffsetDateTime receivedAt = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return inTransaction("storing a batch of " + batch.size() + " records", s -> storeBatch(s, batch, receivedAt));
    }

    /**
     * All inserts go to the server in one round trip; only the rows it did not insert are looked at
     * again, in the batch's order, which gives the same results as inserting one by one.
     */
    private static List<StoreResult> storeBatch(Session s, List<ReceivedEnvelope> batch, OffsetDateTime receivedAt)
            throws SQLException {
        s.insertRecord.clearBatch();
        for (ReceivedEnvelope r : batch) {
            bindRecord(s.insertRecord, r.envelope(), receivedAt);
            s.insertRecord.setBytes(8, r.raw());
            s.insertRecord.setString(9, ReceivedEnvelope.readablePayload(r.envelope()).orElse(null));
            s.insertRecord.addBatch();
        }
        int[] inserted = s.insertRecord.executeBatch();
        List<StoreResult> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (inserted[i] != 0 && inserted[i] != 1) {
                // reWriteBatchedInserts=true answers "some rows", which cannot tell a new record from a resend.
                throw new SQLException("the driver did not report which records were inserted; remove "
                        + "reWriteBatchedInserts from the database URL");
            }
            results.add(inserted[i] == 1 ? StoreResult.NEW : notInserted(s, batch.get(i), receivedAt));
        }
        return results;
    }

    private static StoreResult notInserted(Session s, ReceivedEnvelope r, OffsetDateTime receivedAt) throws SQLException {
        Envelope e = r.envelope();
        s.findRecord.setString(1, e.recordId());
        try (ResultSet rs = s.findRecord.executeQuery()) {
            if (!rs.next()) {
                keepAside(s, r, receivedAt, "seq already taken by another record");
                return StoreResult.CONFLICT;
            }
            if (rs.getString(1).equals(e.deviceId()) && rs.getString(2).equals(e.township())
                    && rs.getLong(3) == e.seq()) {
                return StoreResult.DUPLICATE;
            }
        }
        keepAside(s, r, receivedAt, "record_id already stored for another device or seq");
        return StoreResult.CONFLICT;
    }

    private static void keepAside(Session s, ReceivedEnvelope r, OffsetDateTime receivedAt, String reason)
            throws SQLException {
        bindRecord(s.insertConflict, r.envelope(), receivedAt);
        s.insertConflict.setString(8, reason);
        s.insertConflict.setBytes(9, r.raw());
        s.insertConflict.executeUpdate();
    }

    private static void bindRecord(PreparedStatement ps, Envelope e, OffsetDateTime receivedAt) throws SQLException {
        ReceivedEnvelope.bindHeader(ps, e);
        ps.setObject(7, receivedAt);
    }

    @Override
    public synchronized DeviceProgress progress(DeviceIdentity device) {
        return inTransaction("reading the progress of device " + device.deviceId(), s -> {
            s.progress.setString(1, device.deviceId());
            s.progress.setString(2, device.township());
            List<SeqRange> ranges = new ArrayList<>();
            try (ResultSet rs = s.progress.executeQuery()) {
                while (rs.next()) {
                    ranges.add(new SeqRange(rs.getLong(1), rs.getLong(2)));
                }
            }
            return new DeviceProgress(device, ranges);
        });
    }

    @Override
    public synchronized Set<DeviceIdentity> devices() {
        return inTransaction("listing devices", s -> {
            Set<DeviceIdentity> devices = new LinkedHashSet<>();
            try (Statement st = s.connection.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT DISTINCT device_id, township FROM records ORDER BY township, device_id")) {
                while (rs.next()) {
                    devices.add(new DeviceIdentity(rs.getString(1), rs.getString(2)));
                }
            }
            return devices;
        });
    }

    @Override
    public synchronized Optional<JsonNode> payload(String recordId) {
        return inTransaction("reading a stored payload", s -> {
            try (PreparedStatement ps = s.connection.prepareStatement("SELECT payload FROM records WHERE record_id = ?")) {
                ps.setString(1, recordId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)).map(ReceivedEnvelope::parsePayload)
                            : Optional.<JsonNode>empty();
                }
            }
        });
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
        return inTransaction("counting " + table, s -> {
            try (Statement st = s.connection.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Runs {@code work} and commits; the caller holds the lock. */
    private <T> T inTransaction(String what, Work<T> work) {
        ensureOpen();
        boolean retried = false;
        while (true) {
            Session s = session();
            boolean committing = false;
            try {
                T result = work.run(s);
                committing = true;
                s.connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                // Also on a runtime failure: a half-done batch left open would be committed with the next one.
                boolean lost = abandon(s);
                // After a lost commit nobody knows whether it landed, so that one is reported, never redone.
                if (lost && !committing && !retried) {
                    retried = true;
                    Logger.info("Connection to the received-records database was lost; reconnecting to retry {}",
                            what);
                    continue;
                }
                throw new ReceivedStoreFailure(what + " failed: " + reason(e), e);
            }
        }
    }

    private Session session() {
        if (session != null) {
            return session;
        }
        Connection c = null;
        try {
            c = connect(jdbcUrl, connectionProperties, schema);
            session = new Session(c);
            return session;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new ReceivedStoreFailure("cannot reconnect to the received-records database: " + reason(e), e);
        }
    }

    /** Rolls back; drops the connection if it is broken. Says whether it was. */
    private boolean abandon(Session s) {
        try {
            s.connection.rollback();
        } catch (SQLException ignored) {
            // A broken connection cannot roll back; the server rolls back what it loses.
        }
        boolean valid;
        try {
            valid = s.connection.isValid(VALIDITY_CHECK_SECONDS);
        } catch (SQLException e) {
            valid = false;
        }
        if (!valid) {
            closeQuietly(s.connection);
            session = null;
        }
        return !valid;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (session != null) {
            closeQuietly(session.connection);
            session = null;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ReceivedStoreFailure("the received-records store is closed");
        }
    }

    /**
     * The driver's message and SQL state: they name the server, database, role or table, never a
     * password, and without the server's detail lines (see {@link #open}) never a row's content.
     */
    private static String reason(SQLException e) {
        return e.getMessage() + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")");
    }

    private static String reason(Exception e) {
        return e instanceof SQLException sql ? reason(sql) : e.toString();
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // Best effort; the server ends the session and rolls back whatever was open.
        }
    }
}
