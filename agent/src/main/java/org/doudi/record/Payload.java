package org.doudi.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a record says: sealed to the centre (an enrolled device: nobody on the way, nor a thief of the
 * device, can read it) or readable (a device not enrolled yet — the demo, tests — and what the centre
 * holds once it opened a sealed one).
 */
public sealed interface Payload permits Payload.Readable, Payload.Sealed {

    record Readable(JsonNode json) implements Payload {
        public Readable {
            Objects.requireNonNull(json, "json");
        }
    }

    record Sealed(SealedPayload sealed) implements Payload {
        public Sealed {
            Objects.requireNonNull(sealed, "sealed");
        }
    }

    static Payload readable(JsonNode json) {
        return new Readable(json);
    }

    /** The JSON, where it can be read here. */
    default Optional<JsonNode> readableJson() {
        return this instanceof Readable r ? Optional.of(r.json()) : Optional.empty();
    }
}
