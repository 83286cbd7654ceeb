package org.doudi.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.doudi.clock.ClockTrust;

/**
 * The moment of "submit": the payload is checked against its schema and the record receives its
 * identity, capture time and priority. Nothing reaches the outbox without passing here.
 */
public final class RecordCapture {
    private final PayloadValidator validator;
    private final ClockTrust clock;
    private final Optional<Sealing> sealing;

    /** Payloads stay readable: a device that is not enrolled (the demo, tests). */
    public RecordCapture(PayloadValidator validator, ClockTrust clock) {
        this(validator, clock, Optional.empty());
    }

    /** @param sealing present on an enrolled device: the payload is sealed before it leaves this method */
    public RecordCapture(PayloadValidator validator, ClockTrust clock, Optional<Sealing> sealing) {
        this.validator = validator;
        this.clock = clock;
        this.sealing = sealing;
    }

    public NewRecord capture(RecordType type, JsonNode payload) throws PayloadRejected {
        validator.validate(type, payload);
        ClockTrust.Reading now = clock.now();
        String recordId = RecordIds.next();
        Payload content = sealing.<Payload>map(s -> s.seal(recordId, type, payload)).orElseGet(() -> Payload.readable(payload));
        return new NewRecord(recordId, type, now.instant(), now.trusted(), Priority.of(type, payload), content);
    }
}
