package org.doudi.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A snapshot for status displays: how many records are in each state, and the oldest unsent one. */
public record OutboxCounts(Map<OutboxState, Long> byState, Optional<Instant> oldestPendingSince, long lastSeq) {
    public long count(OutboxState state) {
        return byState.getOrDefault(state, 0L);
    }

    /** Records the centre does not yet confirm it holds. */
    public long unacknowledged() {
        return count(OutboxState.PENDING) + count(OutboxState.SENDING) + count(OutboxState.PUBLISHED);
    }
}
