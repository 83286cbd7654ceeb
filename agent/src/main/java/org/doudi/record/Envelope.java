package org.doudi.record;

import java.time.Instant;
import java.util.Optional;

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
        Payload payload,
        Optional<DeviceSignature> signature) {

    public static final int FORMAT_VERSION = 1;

    public Envelope withSignature(DeviceSignature signed) {
        return new Envelope(recordId, deviceId, township, seq, type, createdAt, clockTrusted, priority, payload,
                Optional.of(signed));
    }

    /** The same envelope with its payload opened, as the centre stores it. */
    public Envelope withPayload(Payload opened) {
        return new Envelope(recordId, deviceId, township, seq, type, createdAt, clockTrusted, priority, opened, signature);
    }

    public static Envelope of(NewRecord record, String deviceId, String township, long seq) {
        return new Envelope(record.recordId(), deviceId, township, seq, record.type(), record.createdAt(),
                record.clockTrusted(), record.priority(), record.payload(), Optional.empty());
    }
}
