package org.doudi.central;

import java.util.Objects;
import org.doudi.record.Envelope;

/** An envelope as decoded, with the exact bytes it arrived as (kept, so signatures can be checked later). */
public record ReceivedEnvelope(Envelope envelope, byte[] raw) {
    public ReceivedEnvelope {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(raw, "raw");
    }
}
