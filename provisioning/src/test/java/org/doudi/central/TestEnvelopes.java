package org.doudi.central;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.doudi.protocol.Json;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.Payload;
import org.doudi.record.Priority;
import org.doudi.record.RecordIds;
import org.doudi.record.RecordType;

/** Hand-made envelopes with synthetic payloads (no real person's data). */
public final class TestEnvelopes {
    public static final String TOWNSHIP = "110101001";

    private TestEnvelopes() {
    }

    /** A device id no other test run uses, so runs against a shared broker do not collide. */
    public static DeviceIdentity uniqueDevice(String prefix) {
        return new DeviceIdentity(prefix + "-" + UUID.randomUUID().toString().substring(0, 12), TOWNSHIP);
    }

    public static Envelope envelope(DeviceIdentity device, long seq) {
        return envelope(device, seq, RecordIds.next());
    }

    public static Envelope envelope(DeviceIdentity device, long seq, String recordId) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.put("note", "synthetic test record " + seq);
        return new Envelope(recordId, device.deviceId(), device.township(), seq, RecordType.WELFARE_CHECK,
                Instant.parse("2026-01-02T03:04:05Z"), true, Priority.WELFARE_CHECK, Payload.readable(payload),
                Optional.empty());
    }
}
