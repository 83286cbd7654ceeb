package org.doudi.outbox.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.doudi.record.RecordProtection;

/**
 * How the outbox uses its disk. Thresholds are in bytes of free space on the data volume: below
 * {@code shedBelowBytes} acknowledged records are purged early and telemetry events lose their
 * payloads; below {@code refuseBelowBytes} new records are refused. {@code reserveBytes} is a ballast
 * file given up when the disk fills anyway, so the outbox can still commit its own bookkeeping.
 */
public record OutboxOptions(
        Path dataDir,
        long refuseBelowBytes,
        long shedBelowBytes,
        long reserveBytes,
        long maxDatabaseBytes,
        FreeSpace freeSpace,
        Clock clock,
        Optional<RecordProtection> protection) {

    public OutboxOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(freeSpace, "freeSpace");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(protection, "protection");
        if (refuseBelowBytes < 0 || shedBelowBytes < refuseBelowBytes || reserveBytes < 0 || maxDatabaseBytes < 0) {
            throw new IllegalArgumentException("disk thresholds must satisfy 0 <= refuse <= shed; reserve, cap >= 0");
        }
    }

    /** Without protection: a device not enrolled (the demo, tests). */
    public OutboxOptions(Path dataDir, long refuseBelowBytes, long shedBelowBytes, long reserveBytes,
            long maxDatabaseBytes, FreeSpace freeSpace, Clock clock) {
        this(dataDir, refuseBelowBytes, shedBelowBytes, reserveBytes, maxDatabaseBytes, freeSpace, clock, Optional.empty());
    }

    /** Defaults for a data directory: refuse below 32 MiB free, shed below 128 MiB, 8 MiB ballast, no cap. */
    public static OutboxOptions defaults(Path dataDir) {
        return new OutboxOptions(dataDir, 32L << 20, 128L << 20, 8L << 20, 0, FreeSpace.of(dataDir), Clock.systemUTC());
    }

    public OutboxOptions withFreeSpace(FreeSpace probe) {
        return new OutboxOptions(dataDir, refuseBelowBytes, shedBelowBytes, reserveBytes, maxDatabaseBytes, probe, clock, protection);
    }

    public OutboxOptions withMaxDatabaseBytes(long cap) {
        return new OutboxOptions(dataDir, refuseBelowBytes, shedBelowBytes, reserveBytes, cap, freeSpace, clock, protection);
    }

    public OutboxOptions withClock(Clock c) {
        return new OutboxOptions(dataDir, refuseBelowBytes, shedBelowBytes, reserveBytes, maxDatabaseBytes, freeSpace, c, protection);
    }

    /** Envelopes signed (and tombstones sealed) by an enrolled device. */
    public OutboxOptions withProtection(RecordProtection p) {
        return new OutboxOptions(dataDir, refuseBelowBytes, shedBelowBytes, reserveBytes, maxDatabaseBytes, freeSpace,
                clock, Optional.of(p));
    }

    public Path databaseFile() {
        return dataDir.resolve("outbox.db");
    }
}
