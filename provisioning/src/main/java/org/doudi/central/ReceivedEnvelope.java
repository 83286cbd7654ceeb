package org.doudi.central;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.doudi.protocol.Json;
import org.doudi.protocol.MalformedMessage;
import org.doudi.record.Envelope;

/** An envelope as decoded, with the exact bytes it arrived as (kept, so signatures can be checked later). */
public record ReceivedEnvelope(Envelope envelope, byte[] raw) {
    public ReceivedEnvelope {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(raw, "raw");
    }

    /** The payload as stores keep it: JSON text, where the receiver could read it. */
    public static Optional<String> readablePayload(Envelope e) {
        return e.payload().readableJson().map(json -> new String(Json.write(json), StandardCharsets.UTF_8));
    }

    /** A payload a store kept; it wrote it itself, so failing to parse it back means the store is damaged. */
    public static JsonNode parsePayload(String json) {
        try {
            return Json.parse(json.getBytes(StandardCharsets.UTF_8), "stored payload");
        } catch (MalformedMessage e) {
            throw new ReceivedStoreFailure("a stored payload is no longer JSON: the store is damaged", e);
        }
    }
}
