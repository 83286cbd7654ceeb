package org.doudi.outbox.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.doudi.outbox.IdentityMismatch;
import org.doudi.outbox.OutboxFailure;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.protocol.MalformedMessage;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.SeqRange;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.tinylog.Logger;

/**
 * Opens a data directory's outbox, making sure it is healthy first. A database that will not open or
 * fails {@code quick_check} is moved aside — never deleted — and a fresh one started, into which every
 * record that can still be read is copied. Numbering resumes above anything the old database could
 * have issued ({@link SeqReservation}).
 */
public final class OutboxOpener {
    private static final int SALVAGE_BATCH = 200;
    private static final int SALVAGE_MAX_CONSECUTIVE_FAILURES = 5000;
    private static final int SALVAGE_SINGLE_STEPS = 32;
    private static final long SALVAGE_MAX_STRIDE = 64;

    /** What recovery did, for the alert the agent raises and for staff. */
    public record Recovery(String reason, String movedAsideTo, long salvaged, Optional<SeqRange> salvagedSeqs,
            long resumedAtSeq) {
    }

    public record Opened(SqliteOutbox outbox, Optional<Recovery> recovery) {
    }

    /** A database that is damaged and may not be recovered by this process (another one is running). */
    public static final class DamagedDatabase extends Exception {
        public DamagedDatabase(String what) {
            super(what);
        }
    }

    private OutboxOpener() {
    }

    /** Township placeholder of a device that has not been provisioned yet. */
    public static final String UNASSIGNED_TOWNSHIP = "000000000";

    /**
     * @param configuredId the device id from configuration, if any
     * @param configuredTownship the township from configuration, if any. The identity stored in the
     *     database wins and must agree with whatever is configured; a new database takes the configured
     *     values, else a generated id and the unassigned township.
     * @param mayRecover whether this process may move a damaged database aside (only when no other
     *     process has it open, i.e. while holding the data directory lock).
     */
    public static Opened open(OutboxOptions options, Optional<String> configuredId, Optional<String> configuredTownship,
            boolean mayRecover) throws IdentityMismatch, DamagedDatabase {
        try {
            Files.createDirectories(options.dataDir());
        } catch (IOException e) {
            throw new OutboxFailure("cannot create the data directory", e);
        }
        Optional<String> damage = diagnose(options.databaseFile());
        Optional<Recovery> recovery = Optional.empty();
        if (damage.isPresent()) {
            if (!mayRecover) {
                throw new DamagedDatabase("the outbox database is damaged (" + damage.get()
                        + "); the agent moves it aside and salvages it when it next starts");
            }
            recovery = Optional.of(recover(options, damage.get()));
        }
        DeviceIdentity identity;
        Optional<DeviceIdentity> stored = storedIdentity(options.databaseFile());
        if (stored.isPresent()) {
            identity = stored.get();
            DeviceIdentity asConfigured = new DeviceIdentity(configuredId.orElse(identity.deviceId()),
                    configuredTownship.orElse(identity.township()));
            if (!asConfigured.equals(identity)) {
                throw new IdentityMismatch(identity, asConfigured);
            }
        } else {
            identity = new DeviceIdentity(configuredId.orElseGet(OutboxOpener::generatedDeviceId),
                    configuredTownship.orElse(UNASSIGNED_TOWNSHIP));
        }
        try {
            return new Opened(SqliteOutbox.open(options, identity), recovery);
        } catch (SQLException e) {
            throw new OutboxFailure("cannot open the outbox database", e);
        }
    }

    private static String generatedDeviceId() {
        return "dev-" + Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffffffffL);
    }

    /** Empty when healthy (or absent); otherwise what is wrong. */
    static Optional<String> diagnose(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Connection c = null;
        try {
            c = SqliteConnections.open(file.toString(), SqliteConnections.Durability.NORMAL, 0, false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                String verdict = rs.next() ? rs.getString(1) : "no answer";
                return "ok".equals(verdict) ? Optional.empty() : Optional.of("quick_check failed");
            }
        } catch (SQLException e) {
            if (isDamage(e)) {
                return Optional.of(describe(e));
            }
            throw new OutboxFailure("cannot check the outbox database", e);
        } finally {
            SqliteConnections.closeQuietly(c);
        }
    }

    private static boolean isDamage(SQLException e) {
        if (!(e instanceof SQLiteException s)) {
            return false;
        }
        int primary = s.getResultCode().code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code
                || primary == SQLiteErrorCode.SQLITE_IOERR.code || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code;
    }

    private static String describe(SQLException e) {
        return e instanceof SQLiteException s ? s.getResultCode().name() : e.getClass().getSimpleName();
    }

    private static Recovery recover(OutboxOptions options, String reason) {
        Path file = options.databaseFile();
        String suffix = ".damaged-" + DateTimeFormatter.ISO_INSTANT.format(options.clock().instant()
                .truncatedTo(ChronoUnit.SECONDS)).replace(":", "");
        Path aside = file.resolveSibling(file.getFileName() + suffix);
        // An atomic move replaces an existing target: never let a second recovery within the same
        // second overwrite the first damaged database.
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(file.getFileName() + suffix + "-" + n);
        }
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            for (String journal : new String[] {"-wal", "-shm"}) {
                Path j = file.resolveSibling(file.getFileName() + journal);
                if (Files.exists(j)) {
                    Files.move(j, aside.resolveSibling(aside.getFileName() + journal), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new OutboxFailure("cannot move the damaged outbox database aside", e);
        }
        Logger.error("Outbox database damaged ({}): moved aside to {}, salvaging what can be read", reason,
                aside.getFileName());
        return salvage(options, aside, reason);
    }

    private static Recovery salvage(OutboxOptions options, Path damaged, String reason) {
        long salvaged = 0;
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        long oldNextSeq = 0;
        Optional<DeviceIdentity> identity = Optional.empty();
        Connection fresh = null;
        Connection old = null;
        try {
            fresh = SqliteConnections.open(options, SqliteConnections.Durability.FULL);
            SqliteSchema.createOrMigrate(fresh);
            try {
                old = SqliteConnections.open(damaged.toString(), SqliteConnections.Durability.NORMAL, 0, true);
                identity = readIdentity(old);
                oldNextSeq = readOldNextSeq(old);
            } catch (SQLException e) {
                Logger.warn("Damaged outbox cannot be read at all ({}); starting empty", describe(e));
            }
            if (identity.isPresent()) {
                writeIdentity(fresh, identity.get());
            }
            if (old != null) {
                fresh.setAutoCommit(false);
                long cursor = 0;
                long step = 1;
                int consecutiveFailures = 0;
                try (PreparedStatement insert = fresh.prepareStatement(
                        "INSERT OR IGNORE INTO records(seq, record_id, type, envelope, enqueued_at) VALUES (?,?,?,?,?)");
                        PreparedStatement progress = fresh.prepareStatement(
                                "INSERT OR IGNORE INTO progress(seq, priority) VALUES (?,?)")) {
                    while (consecutiveFailures < SALVAGE_MAX_CONSECUTIVE_FAILURES) {
                        int rows = 0;
                        // A statement that hit a damaged page cannot be run again ("statement is not
                        // executing"): prepare a new one for every batch.
                        try (PreparedStatement read = old.prepareStatement(
                                "SELECT seq, record_id, envelope, enqueued_at FROM records WHERE seq > ? ORDER BY seq LIMIT ?")) {
                            read.setLong(1, cursor);
                            read.setInt(2, SALVAGE_BATCH);
                            try (ResultSet rs = read.executeQuery()) {
                                while (rs.next()) {
                                    rows++;
                                    long seq = rs.getLong(1);
                                    cursor = seq;
                                    byte[] bytes = rs.getBytes(3);
                                    Optional<Envelope> envelope = intact(bytes, seq, rs.getString(2));
                                    if (envelope.isEmpty()) {
                                        continue;
                                    }
                                    insert.setLong(1, seq);
                                    insert.setString(2, envelope.get().recordId());
                                    insert.setString(3, envelope.get().type().wireName());
                                    insert.setBytes(4, bytes);
                                    insert.setLong(5, rs.getLong(4));
                                    insert.executeUpdate();
                                    progress.setLong(1, seq);
                                    progress.setInt(2, envelope.get().priority().rank());
                                    progress.executeUpdate();
                                    salvaged++;
                                    lowest = Math.min(lowest, seq);
                                    highest = Math.max(highest, seq);
                                }
                            }
                            consecutiveFailures = 0;
                            if (rows == 0) {
                                break;
                            }
                            step = 1;
                        } catch (SQLException e) {
                            // A damaged page: step over it one seq at a time (a leaf page holds only a few
                            // records), then in growing strides, so a page that held a wide range of seqs
                            // (sparse after purging) does not exhaust the attempts.
                            consecutiveFailures++;
                            cursor += step;
                            if (consecutiveFailures > SALVAGE_SINGLE_STEPS) {
                                step = Math.min(step * 2, SALVAGE_MAX_STRIDE);
                            }
                        }
                    }
                }
            }
            if (salvaged > 0) {
                keepAcknowledgedStates(old, fresh);
            }
            long resumeAt = Math.max(Math.max(highest, oldNextSeq - 1),
                    SeqReservation.read(options.dataDir().resolve("seq.reserve"))) + 1;
            SqliteSchema.raiseSeqFloor(fresh, resumeAt);
            SqliteOutbox.commit(fresh);
            Optional<SeqRange> range = salvaged == 0 ? Optional.empty() : Optional.of(new SeqRange(lowest, highest));
            Logger.error("Outbox recovery salvaged {} records ({}); numbering resumes at seq {}", salvaged,
                    range.map(SeqRange::toString).orElse("none"), resumeAt);
            return new Recovery(reason, damaged.getFileName().toString(), salvaged, range, resumeAt);
        } catch (SQLException e) {
            throw new OutboxFailure("cannot start a fresh outbox after recovery", e);
        } finally {
            SqliteConnections.closeQuietly(old);
            SqliteConnections.closeQuietly(fresh);
        }
    }

    /**
     * Salvaged records start as pending. Those the centre had acknowledged are marked so again, as far
     * as the old progress rows can be read: if they cannot, the records are sent once more and the
     * centre, which keeps records by record_id, drops the duplicates.
     */
    private static void keepAcknowledgedStates(Connection old, Connection fresh) {
        try (PreparedStatement read = old.prepareStatement("SELECT seq, acked_at FROM progress WHERE state = 3");
                PreparedStatement mark = fresh.prepareStatement(
                        "UPDATE progress SET state = 3, acked_at = ? WHERE seq = ?");
                ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                mark.setLong(1, rs.getLong(2));
                mark.setLong(2, rs.getLong(1));
                mark.executeUpdate();
            }
        } catch (SQLException e) {
            Logger.warn("Acknowledgement states unreadable in the damaged outbox ({}); those records are sent again",
                    describe(e));
        }
    }

    /** A salvaged envelope must decode and agree with its row, or it is not trusted. */
    private static Optional<Envelope> intact(byte[] bytes, long seq, String recordId) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            Envelope e = EnvelopeCodec.decode(bytes);
            return e.seq() == seq && e.recordId().equals(recordId) ? Optional.of(e) : Optional.empty();
        } catch (MalformedMessage e) {
            return Optional.empty();
        }
    }

    private static long readOldNextSeq(Connection old) {
        try {
            return SqliteSchema.nextSeq(old);
        } catch (SQLException | NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<DeviceIdentity> readIdentity(Connection c) {
        try {
            Optional<String> id = SqliteSchema.fact(c, SqliteSchema.FACT_DEVICE_ID);
            Optional<String> township = SqliteSchema.fact(c, SqliteSchema.FACT_TOWNSHIP);
            if (id.isPresent() && township.isPresent() && DeviceIdentity.isValidDeviceId(id.get())
                    && DeviceIdentity.isValidTownship(township.get())) {
                return Optional.of(new DeviceIdentity(id.get(), township.get()));
            }
        } catch (SQLException e) {
            Logger.warn("Identity unreadable in the damaged outbox ({})", describe(e));
        }
        return Optional.empty();
    }

    private static void writeIdentity(Connection c, DeviceIdentity identity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?), (?, ?)")) {
            ps.setString(1, SqliteSchema.FACT_DEVICE_ID);
            ps.setString(2, identity.deviceId());
            ps.setString(3, SqliteSchema.FACT_TOWNSHIP);
            ps.setString(4, identity.township());
            ps.executeUpdate();
        }
    }

    private static Optional<DeviceIdentity> storedIdentity(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Connection c = null;
        try {
            c = SqliteConnections.open(file.toString(), SqliteConnections.Durability.NORMAL, 0, false);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'meta'")) {
                if (!rs.next() || rs.getInt(1) == 0) {
                    return Optional.empty();
                }
            }
            return readIdentity(c);
        } catch (SQLException e) {
            throw new OutboxFailure("cannot read the device identity from the outbox", e);
        } finally {
            SqliteConnections.closeQuietly(c);
        }
    }
}
