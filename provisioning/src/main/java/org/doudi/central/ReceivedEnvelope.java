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

    /** Binds the header columns both stores share, parameters 1 to 6: record_id … created_at. */
    public static void bindHeader(java.sql.PreparedStatement ps, Envelope e) throws java.sql.SQLException {
        ps.setString(1, e.recordId());
        ps.setString(2, e.deviceId());
        ps.setString(3, e.township());
        ps.setLong(4, e.seq());
        ps.setString(5, e.type().wireName());
        // The device's clock, possibly untrusted and far off: kept as its ISO text, which cannot overflow.
        ps.setString(6, e.createdAt().toString());
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
