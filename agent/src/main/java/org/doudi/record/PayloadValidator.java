package org.doudi.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Checks payloads against the JSON Schemas shipped in {@code org/doudi/schemas/} (documented in
 * docs/schemas/). One schema per record type and version; the same files are the published contract.
 */
public final class PayloadValidator {
    private final Map<RecordType, JsonSchema> schemas = new EnumMap<>(RecordType.class);

    public PayloadValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.LEGACY)
                .build();
        for (RecordType type : RecordType.values()) {
            String resource = "/org/doudi/schemas/" + type.wireName() + ".schema.json";
            try (InputStream in = PayloadValidator.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("schema missing from the build: " + resource);
                }
                schemas.put(type, factory.getSchema(in, config));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public void validate(RecordType type, JsonNode payload) throws PayloadRejected {
        List<ValidationMessage> messages = new ArrayList<>(schemas.get(type).validate(payload));
        if (messages.isEmpty()) {
            return;
        }
        messages.sort(Comparator.comparing(m -> m.getInstanceLocation().toString()));
        List<PayloadRejected.Violation> violations = new ArrayList<>();
        for (ValidationMessage m : messages) {
            violations.add(new PayloadRejected.Violation(fieldOf(m), problemOf(m)));
        }
        throw new PayloadRejected(type.schemaId(), violations);
    }

    private static String fieldOf(ValidationMessage m) {
        String location = m.getInstanceLocation().toString();
        if (("required".equals(m.getType()) || "additionalProperties".equals(m.getType())) && m.getProperty() != null) {
            location = location + "." + m.getProperty();
        }
        return location.startsWith("$.") ? location.substring(2) : location.equals("$") ? "(payload)" : location;
    }

    /** The library's wording, minus the location prefix and minus the offending value if it quotes it. */
    private static String problemOf(ValidationMessage m) {
        String text = m.getMessage();
        String prefix = m.getInstanceLocation().toString() + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        JsonNode offending = m.getInstanceNode();
        if (offending != null && offending.isValueNode() && !offending.asText().isEmpty()) {
            text = text.replace(offending.asText(), "(value withheld)");
        }
        return text;
    }
}
