package org.doudi.central;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.SeqRange;

/**
 * When to ask a device for a missing seq range. A gap is young while a backlog drains out of order
 * (docs/protocol.md, "Order"), so it is asked for only once it is {@code after} old; then again with
 * a doubling delay up to {@code maxDelay}, as a device that lost the records will never fill it. At most
 * {@code perRound} requests go out per round across the fleet: a broker restart that opens gaps
 * everywhere must not become a storm of commands.
 */
public final class GapResends {
    private final ResendRequests requests;
    private final Duration after;
    private final Duration maxDelay;
    private final int perRound;
    private final Map<DeviceIdentity, Map<SeqRange, Asking>> known = new HashMap<>();

    /** A request due now. */
    public record Due(DeviceIdentity device, SeqRange gap) {
    }

    private record Asking(Instant nextAt, Duration delay) {
    }

    public GapResends(ResendRequests requests, Duration after, Duration maxDelay, int perRound) {
        this.requests = requests;
        this.after = after;
        this.maxDelay = maxDelay;
        this.perRound = perRound;
    }

    ResendRequests requests() {
        return requests;
    }

    /**
     * The gaps to ask for now, given every device's current gaps; forgets gaps that closed (a gap that
     * shrank counts as a new one: the device is sending).
     */
    List<Due> due(Map<DeviceIdentity, List<SeqRange>> gaps, Instant now) {
        known.keySet().retainAll(gaps.keySet());
        List<Due> due = new ArrayList<>();
        for (Map.Entry<DeviceIdentity, List<SeqRange>> device : gaps.entrySet()) {
            Map<SeqRange, Asking> asking = known.computeIfAbsent(device.getKey(), d -> new HashMap<>());
            asking.keySet().retainAll(device.getValue());
            for (SeqRange gap : device.getValue()) {
                Asking a = asking.computeIfAbsent(gap, g -> new Asking(now.plus(after), after));
                if (due.size() < perRound && !now.isBefore(a.nextAt())) {
                    due.add(new Due(device.getKey(), gap));
                    Duration delay = a.delay().multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : a.delay().multipliedBy(2);
                    asking.put(gap, new Asking(now.plus(a.delay()), delay));
                }
            }
        }
        return due;
    }
}
