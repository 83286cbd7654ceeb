package org.doudi.record;

import com.fasterxml.jackson.databind.JsonNode;
import org.doudi.clock.ClockTrust;

/**
 * The moment of "submit": the payload is checked against its schema and the record receives its
 * identity, capture time and priority. Nothing reaches the outbox without passing here.
 */
public final class RecordCapture {
    private final PayloadValidator validator;
    private final ClockTrust clock;

    public RecordCapture(PayloadValidator validator, ClockTrust clock) {
        this.validator = validator;
        this.clock = clock;
    }

    public NewRecord capture(RecordType type, JsonNode payload) throws PayloadRejected {
        validator.validate(type, payload);
        ClockTrust.Reading now = clock.now();
        return new NewRecord(RecordIds.next(), type, now.instant(), now.trusted(), Priority.of(type, payload), payload);
    }
}
