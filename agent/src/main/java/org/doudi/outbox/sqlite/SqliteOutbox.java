package org.doudi.outbox.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doudi.outbox.Outbox;
import org.doudi.outbox.OutboxCounts;
import org.doudi.outbox.OutboxFailure;
import org.doudi.outbox.OutboxFull;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.Outgoing;
import org.doudi.outbox.Receipt;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.protocol.Json;
import org.doudi.protocol.MalformedMessage;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.NewRecord;
import org.doudi.record.Payload;
import org.doudi.record.RecordType;
import org.doudi.record.SeqRange;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.tinylog.Logger;

/**
 * The outbox in one SQLite file (WAL). Three connections, because their durability needs differ:
 * appends commit with {@code synchronous=FULL} before anyone is told "saved"; bookkeeping (claims,
 * PUBACKs, acks) uses {@code NORMAL}, since losing a state change on power loss only means sending a
 * record once more; and a reader serves status queries without waiting on writers. Other processes
 * (the CLI) may append at the same time; SQLite's locking serialises them.
 */
public final class SqliteOutbox implements Outbox {
    /**
     * The seqs a statement applies to, bound as one JSON array: one statement, prepared once, for any
     * number of records.
     */
    private static final String SEQS = "(SELECT value FROM json_each(?))";
    /**
     * Pending records in send order. INDEXED BY: left to itself the planner once chose another index and
     * sorted every pending row for each claim, which made draining a 100,000-record backlog a hundred
     * times slower (docs/benchmarks.md).
     */
    private static final String PENDING = "SELECT p.seq, p.priority, " + typeOrdinal("r.type") + ", r.envelope"
            + " FROM progress p INDEXED BY send_order JOIN records r ON r.seq = p.seq WHERE p.state = 0 AND ";
    private static final String IN_SEND_ORDER = " ORDER BY p.priority, p.seq LIMIT ?";
    /** From the front, skipping the records being sent (bound as {@link #SEQS}). */
    static final String CLAIM_SKIPPING_SENDING = PENDING + "p.seq NOT IN " + SEQS + IN_SEND_ORDER;
    /** Before the resume point's priority, skipping the few records being sent there. */
    static final String CLAIM_MORE_URGENT = PENDING + "p.priority < ? AND p.seq NOT IN " + SEQS + IN_SEND_ORDER;
    /** After the resume point, in its priority. */
    static final String CLAIM_RESUMING = PENDING + "p.priority = ? AND p.seq > ?" + IN_SEND_ORDER;
    /** After the resume point's priority. */
    static final String CLAIM_LATER_PRIORITIES = PENDING + "p.priority > ?" + IN_SEND_ORDER;
    /**
     * From pending (or from "sending" as agents before decision 0011 stored it) to published. {@code +state}
     * keeps the planner on the seq (rowid) lookups rather than walking {@code send_order}.
     */
    static final String MARK_PUBLISHED = "UPDATE progress SET state = 2, published_at = ? WHERE +state < 2 AND seq IN "
            + SEQS;
    private static final String INSERT_RECORD =
            "INSERT INTO records(seq, record_id, type, envelope, enqueued_at) VALUES (?,?,?,?,?)";
    private static final String INSERT_PROGRESS = "INSERT INTO progress(seq, priority) VALUES (?,?)";
    private static final RecordType[] TYPES = RecordType.values();

    private final OutboxOptions options;
    private final DeviceIdentity identity;
    private final Connection appendConnection;
    private final StatementCache appendStatements;
    private final Connection bookkeepingConnection;
    private final StatementCache bookkeepingStatements;
    private final Connection readConnection;
    private final Sending sending = new Sending();
    private boolean sendingOnDiskRecovered;
    private final StatementCache readStatements;
    private final SeqReservation seqReservation;
    private final DiskReserve diskReserve;

    private SqliteOutbox(OutboxOptions options, DeviceIdentity identity, Connection append, Connection bookkeeping,
            Connection read) {
        this.options = options;
        this.identity = identity;
        this.appendConnection = append;
        this.appendStatements = new StatementCache(append);
        this.bookkeepingConnection = bookkeeping;
        this.bookkeepingStatements = new StatementCache(bookkeeping);
        this.readConnection = read;
        this.readStatements = new StatementCache(read);
        this.seqReservation = new SeqReservation(options.dataDir().resolve("seq.reserve"));
        this.diskReserve = new DiskReserve(options.dataDir().resolve("reserve.bin"), options.reserveBytes());
        diskReserve.restoreIfRoom(options.freeSpace().usableBytes(), options.refuseBelowBytes());
    }

    /**
     * Opens the outbox of a data directory whose database is known to be healthy (see
     * {@link OutboxOpener}, which checks and recovers first). The identity stored in the database wins;
     * {@code configured} must match it when both exist.
     */
    static SqliteOutbox open(OutboxOptions options, DeviceIdentity identity) throws SQLException {
        Connection append = SqliteConnections.open(options, SqliteConnections.Durability.FULL);
        Connection bookkeeping = null;
        Connection read = null;
        try {
            SqliteSchema.createOrMigrate(append);
            bookkeeping = SqliteConnections.open(options, SqliteConnections.Durability.NORMAL);
            read = SqliteConnections.open(options, SqliteConnections.Durability.NORMAL);
            SqliteOutbox outbox = new SqliteOutbox(options, identity, append, bookkeeping, read);
            outbox.recordIdentity();
            return outbox;
        } catch (SQLException | RuntimeException e) {
            SqliteConnections.closeQuietly(read);
            SqliteConnections.closeQuietly(bookkeeping);
            SqliteConnections.closeQuietly(append);
            throw e;
        }
    }

    private void recordIdentity() throws SQLException {
        synchronized (bookkeepingConnection) {
            try (PreparedStatement ps = bookkeepingConnection.prepareStatement(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?), (?, ?)")) {
                ps.setString(1, SqliteSchema.FACT_DEVICE_ID);
                ps.setString(2, identity.deviceId());
                ps.setString(3, SqliteSchema.FACT_TOWNSHIP);
                ps.setString(4, identity.township());
                ps.executeUpdate();
            }
        }
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }

    // ---------------------------------------------------------------- append

    @Override
    public List<Receipt> append(List<NewRecord> records) throws OutboxFull {
        if (records.isEmpty()) {
            return List.of();
        }
        boolean onlyEvents = records.stream().noneMatch(r -> r.type().isBusinessRecord());
        makeRoom(onlyEvents);
        synchronized (appendConnection) {
            try {
                return appendInTransaction(records);
            } catch (SQLException e) {
                rollbackQuietly(appendConnection);
                appendStatements.clear();
                if (isFull(e)) {
                    diskReserve.release();
                    throw new OutboxFull(OutboxFull.Cause.DATABASE_FULL,
                            "the outbox database cannot grow (disk full or outbox.max-size-mb reached); "
                                    + "stored records are kept, free space or raise the cap");
                }
                throw new OutboxFailure("could not store records", e);
            } catch (IOException e) {
                rollbackQuietly(appendConnection);
                throw new OutboxFull(OutboxFull.Cause.DATABASE_FULL,
                        "could not reserve sequence numbers beside the database: " + e.getClass().getSimpleName());
            }
        }
    }

    private List<Receipt> appendInTransaction(List<NewRecord> records) throws SQLException, IOException {
        Connection c = appendConnection;
        c.setAutoCommit(false);
        PreparedStatement insertRecord = appendStatements.get(INSERT_RECORD);
        PreparedStatement insertProgress = appendStatements.get(INSERT_PROGRESS);
        long first = SqliteSchema.nextSeq(appendStatements.get(SqliteSchema.NEXT_SEQ));
        long now = options.clock().millis();
        List<byte[]> envelopes = encodedFrom(records, first);
        List<Receipt> receipts = new ArrayList<>(records.size());
        long next = first;
        for (int i = 0; i < records.size(); i++) {
            NewRecord r = records.get(i);
            long seq = next++;
            byte[] envelope = envelopes.get(i);
            insertRecord.setLong(1, seq);
            insertRecord.setString(2, r.recordId());
            insertRecord.setString(3, r.type().wireName());
            insertRecord.setBytes(4, envelope);
            insertRecord.setLong(5, now);
            insertRecord.executeUpdate();
            insertProgress.setLong(1, seq);
            insertProgress.setInt(2, r.priority().rank());
            insertProgress.executeUpdate();
            receipts.add(new Receipt(r.recordId(), seq));
        }
        seqReservation.cover(next - 1);
        commit(c);
        return receipts;
    }

    /**
     * The envelopes of a group, numbered from {@code first}. On an enrolled device each is signed (the
     * signature covers its seq, so it cannot happen before the seq is known, inside this transaction);
     * a group from several producers is signed on all cores rather than one record after another.
     */
    private List<byte[]> encodedFrom(List<NewRecord> records, long first) {
        java.util.stream.IntStream indexes = java.util.stream.IntStream.range(0, records.size());
        if (options.protection().isPresent() && records.size() > 1) {
            indexes = indexes.parallel();
        }
        return indexes.mapToObj(i -> EnvelopeCodec.encode(signed(Envelope.of(records.get(i), identity.deviceId(),
                identity.township(), first + i)))).toList();
    }

    /**
     * Under disk pressure, frees what can be freed without losing anything the centre lacks: first
     * records the centre already holds, then the payloads of unacknowledged telemetry events (each keeps
     * its record_id and seq, so the centre sees a marked hole, not a gap).
     */
    private void makeRoom(boolean onlyEvents) throws OutboxFull {
        long free = options.freeSpace().usableBytes();
        if (free >= options.shedBelowBytes()) {
            diskReserve.restoreIfRoom(free, options.refuseBelowBytes());
            return;
        }
        int purged = purgeAcknowledged(Duration.ZERO);
        int shed = shedEvents();
        if (purged + shed > 0) {
            Logger.warn("Low disk space ({} MiB free): purged {} acknowledged records early, shed {} event payloads",
                    free >> 20, purged, shed);
        }
        free = options.freeSpace().usableBytes();
        if (onlyEvents) {
            throw new OutboxFull(OutboxFull.Cause.LOW_DISK_SPACE,
                    "telemetry events are not stored while free space is below " + (options.shedBelowBytes() >> 20) + " MiB");
        }
        if (free < options.refuseBelowBytes()) {
            throw new OutboxFull(OutboxFull.Cause.LOW_DISK_SPACE, "only " + (free >> 20)
                    + " MiB free on the data volume, below the " + (options.refuseBelowBytes() >> 20)
                    + " MiB kept for safety; stored records are kept, free space to resume");
        }
    }

    private int shedEvents() {
        synchronized (bookkeepingConnection) {
            try (PreparedStatement select = bookkeepingConnection.prepareStatement(
                    "SELECT r.seq, r.envelope FROM records r JOIN progress p ON p.seq = r.seq"
                            + " WHERE r.type = 'event' AND p.state < 3 AND r.shed = 0 ORDER BY r.seq LIMIT 1000");
                    PreparedStatement update = bookkeepingConnection.prepareStatement(
                            "UPDATE records SET envelope = ?, shed = 1 WHERE seq = ?")) {
                int shed = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        update.setBytes(1, tombstone(rs.getBytes(2)));
                        update.setLong(2, rs.getLong(1));
                        update.addBatch();
                        shed++;
                    }
                }
                update.executeBatch();
                return shed;
            } catch (SQLException | MalformedMessage e) {
                Logger.warn("Could not shed event payloads: {}", e.getMessage());
                return 0;
            }
        }
    }

    /** The event's place kept (record_id, seq), its payload replaced by a note, sealed again if need be. */
    private byte[] tombstone(byte[] envelope) throws MalformedMessage {
        Envelope original = EnvelopeCodec.decode(envelope);
        ObjectNode note = Json.MAPPER.createObjectNode();
        note.put("name", "outbox.shed");
        note.put("level", "warning");
        note.putObject("details").put("reason", "low disk space on the device")
                .put("original_name", original.payload().readableJson().map(p -> p.path("name").asText("unknown")).orElse("sealed"));
        Payload payload = options.protection().<Payload>map(p -> p.seal(identity, original.recordId(), RecordType.EVENT, note))
                .orElseGet(() -> Payload.readable(note));
        return EnvelopeCodec.encode(signed(new Envelope(original.recordId(), original.deviceId(), original.township(),
                original.seq(), RecordType.EVENT, original.createdAt(), original.clockTrusted(), original.priority(),
                payload, Optional.empty())));
    }

    private Envelope signed(Envelope e) {
        return options.protection().map(p -> e.withSignature(p.sign(e))).orElse(e);
    }

    // ---------------------------------------------------------------- sending

    @Override
    public List<Outgoing> claim(int max) {
        if (max <= 0) {
            return List.of();
        }
        synchronized (bookkeepingConnection) {
            return bookkeeping("claim records", c -> claimInSendOrder(max));
        }
    }

    private List<Outgoing> claimInSendOrder(int max) throws SQLException {
        Claim claim = new Claim(max);
        Optional<Sending.Resume> resume = sending.resume();
        if (resume.isEmpty()) {
            claim.read(bookkeepingStatements.get(CLAIM_SKIPPING_SENDING), true, seqList(sending.seqs()));
        } else {
            int priority = resume.get().priority();
            claim.read(bookkeepingStatements.get(CLAIM_MORE_URGENT), false, priority, seqList(sending.seqsBefore(priority)));
            claim.read(bookkeepingStatements.get(CLAIM_RESUMING), true, priority, resume.get().seq());
            claim.read(bookkeepingStatements.get(CLAIM_LATER_PRIORITIES), true, priority);
        }
        sending.claimed(claim.priorities, claim.last);
        return claim.records;
    }

    /** The records of one claim, read by up to three queries in send order. */
    private static final class Claim {
        final int max;
        final List<Outgoing> records = new ArrayList<>();
        final Map<Long, Integer> priorities = new java.util.HashMap<>();
        Optional<Sending.Resume> last = Optional.empty();

        Claim(int max) {
            this.max = max;
        }

        /** Reads up to what is still wanted; {@code movesResume}: the rows lie at or after the resume point. */
        void read(PreparedStatement query, boolean movesResume, Object... parameters) throws SQLException {
            int wanted = max - records.size();
            if (wanted <= 0) {
                return;
            }
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            query.setInt(parameters.length + 1, wanted);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    int priority = rs.getInt(2);
                    int ordinal = rs.getInt(3);
                    RecordType type = ordinal >= 0 ? TYPES[ordinal] : RecordType.EVENT;
                    records.add(new Outgoing(seq, type, rs.getBytes(4)));
                    priorities.put(seq, priority);
                    if (movesResume) {
                        last = Optional.of(new Sending.Resume(priority, seq));
                    }
                }
            }
        }
    }

    @Override
    public void release(Collection<Long> seqs) {
        synchronized (bookkeepingConnection) {
            sending.putBack(seqs);
        }
    }

    @Override
    public void markPublished(Collection<Long> seqs) {
        long now = options.clock().millis();
        synchronized (bookkeepingConnection) {
            // Only records being sent become published: a PUBACK heard after its record went back to
            // pending (the link was lost meanwhile) is stale, and that record will be sent again anyway.
            List<Long> sent = seqs.stream().filter(sending::contains).toList();
            if (sent.isEmpty()) {
                return;
            }
            bookkeeping("mark records published", c -> {
                PreparedStatement update = bookkeepingStatements.get(MARK_PUBLISHED);
                update.setLong(1, now);
                update.setString(2, seqList(sent));
                return update.executeUpdate();
            });
            sending.done(sent);
        }
    }

    /**
     * A record type as its ordinal, -1 if unknown: a claim reads thousands of them a second, and an int
     * costs less to fetch than a string to fetch and look up.
     */
    private static String typeOrdinal(String column) {
        StringBuilder sql = new StringBuilder("CASE ").append(column);
        for (RecordType t : RecordType.values()) {
            sql.append(" WHEN '").append(t.wireName()).append("' THEN ").append(t.ordinal());
        }
        return sql.append(" ELSE -1 END").toString();
    }

    /** Seqs as the JSON array {@link #AMONG_SEQS} reads. */
    private static String seqList(Collection<Long> seqs) {
        StringBuilder list = new StringBuilder(seqs.size() * 8).append('[');
        for (Long seq : seqs) {
            if (list.length() > 1) {
                list.append(',');
            }
            list.append(seq.longValue());
        }
        return list.append(']').toString();
    }

    @Override
    public int acknowledge(List<SeqRange> ranges) {
        long now = options.clock().millis();
        return bookkeeping("acknowledge records", c -> {
            int changed = 0;
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE progress SET state = 3, acked_at = ? WHERE state < 3 AND seq BETWEEN ? AND ?")) {
                for (SeqRange r : ranges) {
                    ps.setLong(1, now);
                    ps.setLong(2, r.first());
                    ps.setLong(3, r.last());
                    changed += ps.executeUpdate();
                }
            }
            commit(c);
            // The centre holds them: nothing left to send, even if a PUBACK is still to come.
            sending.done(sending.seqs().stream()
                    .filter(seq -> ranges.stream().anyMatch(r -> r.first() <= seq && seq <= r.last())).toList());
            return changed;
        });
    }

    @Override
    public int recoverInterruptedSends() {
        synchronized (bookkeepingConnection) {
            int back = sending.size();
            sending.clear();
            if (!sendingOnDiskRecovered) {
                // Rows an agent before decision 0011 left "sending" on disk; none are written since, so
                // the table is read once, not at every lost link.
                back += bookkeeping("recover interrupted sends",
                        c -> executeUpdate(c, "UPDATE progress SET state = 0 WHERE state = 1"));
                sendingOnDiskRecovered = true;
            }
            return back;
        }
    }

    @Override
    public int requeueUnacknowledged(Duration olderThan) {
        long cutoff = options.clock().millis() - olderThan.toMillis();
        synchronized (bookkeepingConnection) {
            int requeued = bookkeeping("requeue unacknowledged records",
                    c -> executeUpdate(c, "UPDATE progress SET state = 0 WHERE state = 2 AND published_at <= " + cutoff));
            if (requeued > 0) {
                sending.othersPutBack();
            }
            return requeued;
        }
    }

    @Override
    public Resent resend(SeqRange range) {
        return bookkeeping("resend records", c -> {
            c.setAutoCommit(false);
            long held;
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM progress WHERE seq BETWEEN ? AND ?")) {
                count.setLong(1, range.first());
                count.setLong(2, range.last());
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    held = rs.getLong(1);
                }
            }
            int requeued;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE progress SET state = 0 WHERE state >= 2 AND seq BETWEEN ? AND ?")) {
                ps.setLong(1, range.first());
                ps.setLong(2, range.last());
                requeued = ps.executeUpdate();
            }
            commit(c);
            if (requeued > 0) {
                sending.othersPutBack();
            }
            return new Resent(requeued, range.size() - held);
        });
    }

    @Override
    public int purgeAcknowledged(Duration olderThan) {
        long cutoff = options.clock().millis() - olderThan.toMillis();
        return bookkeeping("purge acknowledged records", c -> {
            c.setAutoCommit(false);
            // The newest record may be among the purged: keep numbering above it.
            SqliteSchema.raiseSeqFloor(c, SqliteSchema.nextSeq(c));
            String purgeable = "SELECT seq FROM progress WHERE state = 3 AND acked_at <= " + cutoff;
            executeUpdate(c, "DELETE FROM records WHERE seq IN (" + purgeable + ")");
            return executeUpdate(c, "DELETE FROM progress WHERE seq IN (" + purgeable + ")");
        });
    }

    private static int executeUpdate(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public OutboxCounts counts() {
        synchronized (readConnection) {
            try (Statement s = readConnection.createStatement()) {
                Map<OutboxState, Long> byState = new EnumMap<>(OutboxState.class);
                try (ResultSet rs = s.executeQuery("SELECT state, count(*) FROM progress GROUP BY state")) {
                    while (rs.next()) {
                        byState.put(OutboxState.ofCode(rs.getInt(1)), rs.getLong(2));
                    }
                }

                Optional<Instant> oldest;
                try (ResultSet rs = s.executeQuery("SELECT (SELECT enqueued_at FROM records"
                        + " WHERE seq = (SELECT min(seq) FROM progress WHERE state < 3))")) {
                    rs.next();
                    long millis = rs.getLong(1);
                    oldest = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
                }
                long lastSeq = SqliteSchema.nextSeq(readConnection) - 1;
                return new OutboxCounts(byState, oldest, lastSeq).withSending(sending.size());
            } catch (SQLException e) {
                throw new OutboxFailure("could not count records", e);
            }
        }
    }

    @Override
    public long changeMarker() {
        synchronized (readConnection) {
            try (ResultSet rs = readStatements.get("PRAGMA data_version").executeQuery()) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                readStatements.clear();
                throw new OutboxFailure("could not read the change marker", e);
            }
        }
    }

    @Override
    public Optional<String> fact(String key) {
        synchronized (readConnection) {
            try {
                return SqliteSchema.fact(readConnection, key);
            } catch (SQLException e) {
                throw new OutboxFailure("could not read a fact", e);
            }
        }
    }

    @Override
    public void putFact(String key, String value) {
        bookkeeping("store a fact", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, value);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void close() {
        readStatements.clear();
        bookkeepingStatements.clear();
        appendStatements.clear();
        SqliteConnections.closeQuietly(readConnection);
        SqliteConnections.closeQuietly(bookkeepingConnection);
        SqliteConnections.closeQuietly(appendConnection);
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs bookkeeping in its own transaction. If the disk is completely full, the ballast is given up
     * once and the work retried, so acknowledgements (which free space later) still get recorded.
     */
    private <T> T bookkeeping(String what, SqlWork<T> work) {
        synchronized (bookkeepingConnection) {
            for (int attempt = 0; ; attempt++) {
                try {
                    T result = work.run(bookkeepingConnection);
                    commit(bookkeepingConnection);
                    return result;
                } catch (SQLException e) {
                    rollbackQuietly(bookkeepingConnection);
                    bookkeepingStatements.clear();
                    if (attempt == 0 && isFull(e) && diskReserve.release()) {
                        Logger.warn("Disk full: released the {} MiB reserve to keep bookkeeping going",
                                options.reserveBytes() >> 20);
                        continue;
                    }
                    throw new OutboxFailure("could not " + what, e);
                }
            }
        }
    }

    /**
     * Commits by returning to auto-commit. sqlite-jdbc's {@code commit()} immediately begins the next
     * transaction — with IMMEDIATE mode, by taking the write lock again — and if that wait timed out,
     * a commit that succeeded would be reported as a failure and the caller might save twice.
     */
    static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is broken; the next use reports it.
        }
        restoreAutoCommit(c);
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // As above.
        }
    }

    static boolean isFull(SQLException e) {
        return e instanceof SQLiteException s && (s.getResultCode() == SQLiteErrorCode.SQLITE_FULL
                || s.getResultCode().code == SQLiteErrorCode.SQLITE_FULL.code);
    }

}
