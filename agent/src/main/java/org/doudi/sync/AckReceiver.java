package org.doudi.sync;

import org.doudi.clock.ClockTrust;
import org.doudi.outbox.Outbox;
import org.doudi.protocol.Ack;
import org.doudi.protocol.MalformedMessage;
import org.tinylog.Logger;

/**
 * Turns the centre's acknowledgements into outbox state. Only an acknowledgement means "stored for
 * good"; a PUBACK only means the broker has it. Acks also carry the centre's clock, the agent's one
 * outside reference for whether its own clock can be trusted.
 */
public final class AckReceiver {
    private final Outbox outbox;
    private final ClockTrust clock;

    public AckReceiver(Outbox outbox, ClockTrust clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    public void received(byte[] message) {
        Ack ack;
        try {
            ack = Ack.decode(message);
        } catch (MalformedMessage e) {
            Logger.warn("Ignored a malformed acknowledgement: {}", e.getMessage());
            return;
        }
        clock.observeCentreTime(ack.serverTime());
        int changed = outbox.acknowledge(ack.coveredRanges());
        if (changed > 0) {
            Logger.debug("Centre acknowledged {} records (up to seq {}, {} ranges above)", changed, ack.upTo(),
                    ack.ranges().size());
        }
    }
}
