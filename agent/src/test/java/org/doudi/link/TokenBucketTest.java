package org.doudi.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBurstGoesAtOnceThenTheRateApplies() {
        AtomicLong now = new AtomicLong(123_456_789L);
        TokenBucket bucket = new TokenBucket(10, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake()).as("burst token %d", i).isZero();
        }
        long wait = bucket.tryTake();
        assertThat(wait).isPositive().isLessThanOrEqualTo(SECOND / 10);
        now.addAndGet(SECOND / 20);
        assertThat(bucket.tryTake()).as("half a token later").isPositive();
        now.addAndGet(SECOND / 20 + 1000);
        assertThat(bucket.tryTake()).as("one token later").isZero();
        assertThat(bucket.tryTake()).isPositive();
    }

    @Test
    void overTimeTheRateIsKept() {
        AtomicLong now = new AtomicLong(0);
        TokenBucket bucket = new TokenBucket(100, 20, now::get);
        long taken = 0;
        // Ten simulated seconds in 1 ms steps, taking whatever is allowed.
        for (int step = 0; step <= 10_000; step++) {
            while (bucket.tryTake() == 0) {
                taken++;
            }
            now.addAndGet(SECOND / 1000);
        }
        assertThat(taken).isBetween(20L + 1000 - 2, 20L + 1000 + 2);
    }

    @Test
    void idleTimeRefillsOnlyUpToTheBurst() {
        AtomicLong now = new AtomicLong(0);
        TokenBucket bucket = new TokenBucket(1000, 3, now::get);
        for (int i = 0; i < 3; i++) {
            bucket.tryTake();
        }
        now.addAndGet(3600 * SECOND);
        int got = 0;
        while (bucket.tryTake() == 0) {
            got++;
        }
        assertThat(got).isEqualTo(3);
    }

    @Property(tries = 200)
    void waitingTheAnnouncedTimeIsEnoughForAToken(@ForAll @IntRange(min = 1, max = 1_000_000) int rate,
            @ForAll @IntRange(min = 1, max = 1000) int burst) {
        AtomicLong now = new AtomicLong(42);
        TokenBucket bucket = new TokenBucket(rate, burst, now::get);
        for (int i = 0; i < burst; i++) {
            assertThat(bucket.tryTake()).isZero();
        }
        for (int round = 0; round < 5; round++) {
            long wait = bucket.tryTake();
            assertThat(wait).isPositive().isLessThanOrEqualTo((long) Math.ceil(1e9 / rate) + 1);
            now.addAndGet(wait);
            assertThat(bucket.tryTake()).as("after waiting the %d ns announced (rate %d/s)", wait, rate).isZero();
        }
    }

    @Test
    void zeroRateMeansUnlimited() {
        AtomicLong now = new AtomicLong(0);
        TokenBucket bucket = new TokenBucket(0, 1, now::get);
        assertThat(bucket.isUnlimited()).isTrue();
        for (int i = 0; i < 100_000; i++) {
            assertThat(bucket.tryTake()).isZero();
        }
        assertThat(new TokenBucket(1, 1, now::get).isUnlimited()).isFalse();
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> new TokenBucket(-1, 1, System::nanoTime)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, System::nanoTime)).isInstanceOf(IllegalArgumentException.class);
    }
}
