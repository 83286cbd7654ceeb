package org.doudi.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What travels: a record with its identity, its place in the device's gap-free stream and the facts
 * the centre needs to trust and order it. Field meanings are the contract in docs/protocol.md.
 */
public record Envelope(
        String recordId,
        String deviceId,
        String township,
        long seq,
        RecordType type,
        Instant createdAt,
        boolean clockTrusted,
        Priority priority,
        JsonNode payload) {

    public static final int FORMAT_VERSION = 1;

    public static Envelope of(NewRecord record, String deviceId, String township, long seq) {
        return new Envelope(record.recordId(), deviceId, township, seq, record.type(), record.createdAt(),
                record.clockTrusted(), record.priority(), record.payload());
    }
}
