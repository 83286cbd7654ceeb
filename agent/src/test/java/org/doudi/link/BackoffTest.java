package org.doudi.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final long FLOOR = 50;

    private static long ceiling(long initial, long max, int attempt) {
        double c = initial * Math.pow(2, attempt);
        return (long) Math.min(max, c);
    }

    @Property(tries = 300)
    void delayStaysWithinFloorAndTheCappedExponentialCeiling(
            @ForAll @LongRange(min = 50, max = 60_000) long initialMillis,
            @ForAll @LongRange(min = 0, max = 86_400_000) long extraMillis,
            @ForAll @IntRange(min = 0, max = 80) int attempt,
            @ForAll long seed) {
        long maxMillis = initialMillis + extraMillis;
        Backoff backoff = new Backoff(Duration.ofMillis(initialMillis), Duration.ofMillis(maxMillis));
        SplittableRandom random = new SplittableRandom(seed);
        long upper = ceiling(initialMillis, maxMillis, attempt);
        for (int i = 0; i < 20; i++) {
            long d = backoff.delay(attempt, random).toMillis();
            assertThat(d).isBetween(FLOOR, upper);
        }
    }

    @Test
    void hugeAttemptNumbersNeverExceedTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2));
        SplittableRandom random = new SplittableRandom(1);
        for (int attempt : new int[] {30, 62, 63, 64, 100, 1_000, 1_000_000, Integer.MAX_VALUE}) {
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delay(attempt, random)).as("attempt %d", attempt)
                        .isBetween(Duration.ofMillis(FLOOR), Duration.ofMinutes(2));
            }
        }
    }

    @Test
    void aVeryLargeMaximumDoesNotOverflow() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofDays(365L * 1000));
        SplittableRandom random = new SplittableRandom(2);
        for (int attempt : new int[] {40, 63, 64, 200, Integer.MAX_VALUE}) {
            Duration d = backoff.delay(attempt, random);
            assertThat(d).isBetween(Duration.ofMillis(FLOOR), Duration.ofDays(365L * 1000));
        }
    }

    @Test
    void theCeilingDoublesPerAttempt() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofHours(1));
        SplittableRandom random = new SplittableRandom(3);
        for (int attempt = 0; attempt < 8; attempt++) {
            long ceiling = 100L << attempt;
            long maxSeen = 0;
            for (int i = 0; i < 2000; i++) {
                long d = backoff.delay(attempt, random).toMillis();
                assertThat(d).isLessThanOrEqualTo(ceiling);
                maxSeen = Math.max(maxSeen, d);
            }
            // Full jitter reaches close to its ceiling: the cap really doubles.
            assertThat(maxSeen).as("attempt %d", attempt).isGreaterThan(ceiling * 9 / 10);
        }
    }

    @Test
    void delaysAreSpreadNotConstant() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2));
        SplittableRandom random = new SplittableRandom(4);
        Set<Long> distinct = new HashSet<>();
        long sum = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            long d = backoff.delay(10, random).toMillis(); // ceiling: the 2-minute cap
            distinct.add(d);
            sum += d;
        }
        assertThat(distinct.size()).isGreaterThan(n / 2);
        double mean = (double) sum / n;
        assertThat(mean).isBetween(0.4 * 120_000, 0.6 * 120_000); // uniform on [0, 120 s]: mean 60 s
    }

    @Test
    void aSameSeededGeneratorGivesTheSameDelays() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2));
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int i = 0; i < 50; i++) {
            assertThat(backoff.delay(i % 10, a)).isEqualTo(backoff.delay(i % 10, b));
        }
    }

    @Test
    void invalidBoundsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
