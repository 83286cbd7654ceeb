package org.doudi.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.Priority;
import org.doudi.record.RecordType;

/** Envelopes to and from their JSON wire form (docs/protocol.md, "Envelope"). */
public final class EnvelopeCodec {
    private EnvelopeCodec() {
    }

    public static byte[] encode(Envelope e) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("v", Envelope.FORMAT_VERSION);
        node.put("record_id", e.recordId());
        node.put("device_id", e.deviceId());
        node.put("township", e.township());
        node.put("seq", e.seq());
        node.put("type", e.type().wireName());
        node.put("schema", e.type().schemaId());
        node.put("created_at", e.createdAt().toString());
        node.put("clock_trusted", e.clockTrusted());
        node.put("priority", e.priority().wireName());
        node.set("payload", e.payload());
        return Json.write(node);
    }

    public static Envelope decode(byte[] bytes) throws MalformedMessage {
        JsonNode node = Json.parse(bytes, "envelope");
        if (node.path("v").asInt(-1) != Envelope.FORMAT_VERSION) {
            throw new MalformedMessage("envelope format version is not " + Envelope.FORMAT_VERSION);
        }
        String recordId = text(node, "record_id");
        String deviceId = text(node, "device_id");
        String township = text(node, "township");
        if (!DeviceIdentity.isValidDeviceId(deviceId) || !DeviceIdentity.isValidTownship(township)) {
            throw new MalformedMessage("envelope device_id or township is malformed");
        }
        long seq = node.path("seq").asLong(0);
        if (seq < 1) {
            throw new MalformedMessage("envelope seq must be a positive integer");
        }
        RecordType type = RecordType.fromWireName(text(node, "type"))
                .orElseThrow(() -> new MalformedMessage("envelope type is not one of " + RecordType.wireNames()));
        Priority priority;
        try {
            priority = Priority.valueOf(text(node, "priority").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessage("envelope priority is unknown");
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(text(node, "created_at"));
        } catch (DateTimeParseException e) {
            throw new MalformedMessage("envelope created_at is not an ISO-8601 UTC instant");
        }
        JsonNode payload = node.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new MalformedMessage("envelope payload is missing or not an object");
        }
        return new Envelope(recordId, deviceId, township, seq, type, createdAt,
                node.path("clock_trusted").asBoolean(false), priority, payload);
    }

    private static String text(JsonNode node, String field) throws MalformedMessage {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new MalformedMessage("envelope field " + field + " is missing or not text");
        }
        return v.asText();
    }
}
