package org.doudi.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one JSON mapper, with hard limits: every byte it reads may come from a hostile broker or file,
 * so nesting, string and number sizes are capped well below what could exhaust a kiosk's memory.
 */
public final class Json {
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxStringLength(64 * 1024)
                            .maxNumberLength(32)
                            .maxDocumentLength(MAX_MESSAGE_BYTES)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    public static JsonNode parse(byte[] bytes, String what) throws MalformedMessage {
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new MalformedMessage(what + " is " + bytes.length + " bytes; the limit is " + MAX_MESSAGE_BYTES);
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new MalformedMessage(what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedMessage(what + " is not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("JSON tree could not be written", e);
        }
    }
}
