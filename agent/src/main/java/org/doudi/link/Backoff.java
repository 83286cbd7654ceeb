package org.doudi.link;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with full jitter: a fleet of kiosks that lost the broker together must
 * not come back together. The attempt counter is reset by the supervisor only after a connection
 * proved stable, so a broker that accepts and immediately drops does not get hammered.
 */
public record Backoff(Duration initial, Duration max) {
    private static final long FLOOR_MILLIS = 50;

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
    }

    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = initial.toMillis();
        for (int i = 0; i < attempt && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, max.toMillis());
        return Duration.ofMillis(Math.max(FLOOR_MILLIS, random.nextLong(ceiling + 1)));
    }
}
