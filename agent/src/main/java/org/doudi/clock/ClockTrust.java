package org.doudi.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Whether the device clock can be believed. Kiosks without a battery-backed clock boot into 1970 or
 * into the last saved time; a record stamped then must say so, so the centre orders it by {@code seq}
 * and its own receipt time instead. The clock is trusted when the operating system reports a completed
 * time synchronisation, or when the centre's own time (carried in acknowledgements) was seen during
 * this run and agreed within the tolerance — and never when it reads earlier than this build.
 */
public final class ClockTrust {
    /** No record can be captured before this software existed: a clock reading earlier is wrong. */
    static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2026-01-01T00:00:00Z");

    public record Reading(Instant instant, boolean trusted) {
    }

    private record CentreObservation(long monotonicNanos, Duration skew) {
    }

    private final Supplier<Instant> wallClock;
    private final LongSupplier monotonicNanos;
    private final BooleanSupplier systemSaysSynchronised;
    private final Duration tolerance;
    private final AtomicReference<CentreObservation> lastCentreObservation = new AtomicReference<>();

    public ClockTrust(Supplier<Instant> wallClock, LongSupplier monotonicNanos, BooleanSupplier systemSaysSynchronised,
            Duration tolerance) {
        this.wallClock = wallClock;
        this.monotonicNanos = monotonicNanos;
        this.systemSaysSynchronised = systemSaysSynchronised;
        this.tolerance = tolerance;
    }

    /** The system clock, trusting systemd-timesyncd's "synchronized" marker when present. */
    public static ClockTrust system() {
        java.nio.file.Path marker = java.nio.file.Path.of("/run/systemd/timesync/synchronized");
        return new ClockTrust(Instant::now, System::nanoTime, () -> java.nio.file.Files.exists(marker),
                Duration.ofMinutes(2));
    }

    /** Called whenever the centre tells its time (acknowledgements carry it). */
    public void observeCentreTime(Instant centreTime) {
        Duration skew = Duration.between(centreTime, wallClock.get());
        lastCentreObservation.set(new CentreObservation(monotonicNanos.getAsLong(), skew));
    }

    /** Device clock minus centre clock, as last observed from an acknowledgement; empty until one came. */
    public Optional<Duration> observedSkew() {
        return Optional.ofNullable(lastCentreObservation.get()).map(CentreObservation::skew);
    }

    public Reading now() {
        Instant instant = wallClock.get();
        if (instant.isBefore(EARLIEST_PLAUSIBLE)) {
            return new Reading(instant, false);
        }
        CentreObservation observation = lastCentreObservation.get();
        if (observation != null) {
            return new Reading(instant, observation.skew().abs().compareTo(tolerance) <= 0);
        }
        return new Reading(instant, systemSaysSynchronised.getAsBoolean());
    }
}
