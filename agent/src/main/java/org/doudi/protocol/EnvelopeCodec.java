package org.doudi.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import org.doudi.credential.KeyId;
import org.doudi.record.CryptoSuite;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.DeviceSignature;
import org.doudi.record.Envelope;
import org.doudi.record.Payload;
import org.doudi.record.Priority;
import org.doudi.record.RecordIds;
import org.doudi.record.RecordType;
import org.doudi.record.SealedPayload;

/** Envelopes to and from their JSON wire form (docs/protocol.md, "Envelope"). */
public final class EnvelopeCodec {
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

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
        switch (e.payload()) {
            case Payload.Readable r -> node.set("payload", r.json());
            case Payload.Sealed(SealedPayload sealed) -> node.putObject("sealed")
                    .put("suite", sealed.suite().wireName())
                    .put("kid", sealed.recipient().value())
                    .put("enc", BASE64.encodeToString(sealed.encapsulatedKey()))
                    .put("ct", BASE64.encodeToString(sealed.ciphertext()));
        }
        e.signature().ifPresent(sig -> node.putObject("sig")
                .put("kid", sig.keyId().value())
                .put("value", BASE64.encodeToString(sig.value())));
        return Json.write(node);
    }

    public static Envelope decode(byte[] bytes) throws MalformedMessage {
        JsonNode node = Json.parse(bytes, "envelope");
        if (node.path("v").asInt(-1) != Envelope.FORMAT_VERSION) {
            throw new MalformedMessage("envelope format version is not " + Envelope.FORMAT_VERSION);
        }
        String recordId = text(node, "record_id");
        if (!RecordIds.isValid(recordId)) {
            throw new MalformedMessage("envelope record_id is not a UUIDv7 in canonical form");
        }
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
        return new Envelope(recordId, deviceId, township, seq, type, createdAt,
                node.path("clock_trusted").asBoolean(false), priority, payload(node), signature(node));
    }

    private static Payload payload(JsonNode node) throws MalformedMessage {
        JsonNode readable = node.get("payload");
        JsonNode sealed = node.get("sealed");
        if ((readable == null) == (sealed == null)) {
            throw new MalformedMessage("envelope must carry exactly one of payload and sealed");
        }
        if (readable != null) {
            if (!readable.isObject()) {
                throw new MalformedMessage("envelope payload is not an object");
            }
            return Payload.readable(readable);
        }
        if (!sealed.isObject()) {
            throw new MalformedMessage("envelope sealed is not an object");
        }
        CryptoSuite suite = CryptoSuite.fromWireName(text(sealed, "suite"))
                .orElseThrow(() -> new MalformedMessage("envelope sealed.suite is not a suite this side knows"));
        return new Payload.Sealed(new SealedPayload(suite, keyId(sealed, "kid"), bytes(sealed, "enc"), bytes(sealed, "ct")));
    }

    private static Optional<DeviceSignature> signature(JsonNode node) throws MalformedMessage {
        JsonNode sig = node.get("sig");
        if (sig == null) {
            return Optional.empty();
        }
        if (!sig.isObject()) {
            throw new MalformedMessage("envelope sig is not an object");
        }
        return Optional.of(new DeviceSignature(keyId(sig, "kid"), bytes(sig, "value")));
    }

    private static KeyId keyId(JsonNode node, String field) throws MalformedMessage {
        try {
            return new KeyId(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessage("envelope field " + field + " is not a key id");
        }
    }

    private static byte[] bytes(JsonNode node, String field) throws MalformedMessage {
        try {
            return Base64.getDecoder().decode(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessage("envelope field " + field + " is not base64");
        }
    }

    private static String text(JsonNode node, String field) throws MalformedMessage {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new MalformedMessage("envelope field " + field + " is missing or not text");
        }
        return v.asText();
    }
}
