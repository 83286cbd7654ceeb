package org.doudi.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A snapshot for status displays: how many records are in each state, and the oldest unsent one. */
public record OutboxCounts(Map<OutboxState, Long> byState, Optional<Instant> oldestPendingSince, long lastSeq) {
    public long count(OutboxState state) {
        return byState.getOrDefault(state, 0L);
    }

    /**
     * The same counts with {@code n} of the pending records counted as sending: "sending" lives in the
     * memory of the one process that sends (decision 0011), so a count read from disk shows it as pending.
     */
    public OutboxCounts withSending(long n) {
        long moved = Math.min(n, count(OutboxState.PENDING));
        if (moved <= 0) {
            return this;
        }
        Map<OutboxState, Long> adjusted = new java.util.EnumMap<>(OutboxState.class);
        adjusted.putAll(byState);
        adjusted.merge(OutboxState.PENDING, -moved, Long::sum);
        adjusted.merge(OutboxState.SENDING, moved, Long::sum);
        return new OutboxCounts(adjusted, oldestPendingSince, lastSeq);
    }

    /** Records the centre does not yet confirm it holds. */
    public long unacknowledged() {
        return count(OutboxState.PENDING) + count(OutboxState.SENDING) + count(OutboxState.PUBLISHED);
    }
}
