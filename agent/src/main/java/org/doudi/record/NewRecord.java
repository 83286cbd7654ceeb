package org.doudi.record;

import java.time.Instant;
import java.util.Objects;

/**
 * A record as captured, before the outbox gives it its place ({@code seq}) in the device's stream.
 * Its identity and capture time are fixed here, at the moment the user pressed "submit".
 */
public record NewRecord(
        String recordId, RecordType type, Instant createdAt, boolean clockTrusted, Priority priority, Payload payload) {

    public NewRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(payload, "payload");
    }
}
