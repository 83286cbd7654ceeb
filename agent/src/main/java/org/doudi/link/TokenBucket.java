package org.doudi.link;

import java.util.function.LongSupplier;

/**
 * Paces a draining backlog: at most {@code ratePerSecond} on average, bursts up to {@code burst}.
 * A thousand tablets reconnecting after a regional outage then add up to a load the broker can take.
 * A rate of zero means unpaced.
 */
public final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastRefill;

    public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoClock) {
        if (ratePerSecond < 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be >= 0 and burst >= 1");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.lastRefill = nanoClock.getAsLong();
    }

    public boolean isUnlimited() {
        return ratePerNano == 0;
    }

    /** Takes a token if one is there; otherwise says how many nanoseconds until one will be. */
    public synchronized long tryTake() {
        if (isUnlimited()) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
        lastRefill = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / ratePerNano);
    }
}
