package org.doudi.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemasTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** LEGACY paths name fields as {@code $.applicant.id_number}; 1.5.9's default is JSON Pointer. */
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).pathType(PathType.LEGACY).build();
    private static final Map<RecordType, JsonNode> SCHEMA_JSON = new EnumMap<>(RecordType.class);
    private static final Map<RecordType, JsonSchema> SCHEMAS = new EnumMap<>(RecordType.class);

    @BeforeAll
    static void loadSchemas() {
        for (RecordType type : RecordType.values()) {
            String resource = "/org/doudi/schemas/" + type.wireName() + ".schema.json";
            try (InputStream in = SchemasTest.class.getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                JsonNode json = MAPPER.readTree(in);
                SCHEMA_JSON.put(type, json);
                SCHEMAS.put(type, FACTORY.getSchema(json, CONFIG));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Set<ValidationMessage> validate(RecordType type, JsonNode payload) {
        return SCHEMAS.get(type).validate(payload);
    }

    // ---- the schemas themselves ----

    @ParameterizedTest
    @EnumSource(RecordType.class)
    void schemaIsAValidDraft202012SchemaWithTheRecordTypesId(RecordType type) {
        JsonNode schema = SCHEMA_JSON.get(type);
        JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(metaSchema.validate(schema)).isEmpty();
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo("https://doudi.org/schemas/" + type.schemaId());
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(schema.path("description").asText()).isNotBlank().containsPattern("\\p{IsHan}");
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").isBoolean()).isTrue();
        assertThat(schema.path("additionalProperties").asBoolean()).isFalse();
        assertThat(schema.path("required").isArray()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(RecordType.class)
    void everyPropertyIsDescribedAndBounded(RecordType type) {
        List<String> problems = new ArrayList<>();
        lint("$", SCHEMA_JSON.get(type), problems);
        assertThat(problems).isEmpty();
    }

    private static void lint(String where, JsonNode schema, List<String> problems) {
        if (!schema.hasNonNull("description")) {
            problems.add(where + " has no description");
        }
        switch (schema.path("type").asText()) {
            case "string" -> {
                if (!schema.has("maxLength")) problems.add(where + " string without maxLength");
            }
            case "array" -> {
                if (!schema.has("maxItems")) problems.add(where + " array without maxItems");
                lint(where + "[]", schema.path("items"), problems);
            }
            case "integer", "number" -> {
                if (!schema.has("minimum") || !schema.has("maximum")) problems.add(where + " number without bounds");
            }
            case "object" -> {
                if (!schema.has("properties") && !schema.has("maxProperties")) {
                    problems.add(where + " free-form object without maxProperties");
                }
                if (schema.has("properties") && !schema.path("additionalProperties").isBoolean()) {
                    problems.add(where + " object without additionalProperties: false");
                }
                schema.path("properties").properties().forEach(p -> lint(where + "." + p.getKey(), p.getValue(), problems));
            }
            case "boolean" -> { }
            default -> problems.add(where + " has no single type");
        }
    }

    // ---- generated samples ----

    @ParameterizedTest
    @EnumSource(RecordType.class)
    void twoHundredSamplesOfEachTypeValidate(RecordType type) {
        SampleRecords samples = new SampleRecords(new Random(20250101L + type.ordinal()));
        for (int i = 0; i < 200; i++) {
            ObjectNode payload = samples.payloadFor(type);
            assertThat(validate(type, payload)).as("sample %d: %s", i, payload).isEmpty();
        }
    }

    @Test
    void emergencyApplicationsValidateAndAreUrgent() {
        SampleRecords samples = new SampleRecords(new Random(7));
        for (int i = 0; i < 200; i++) {
            ObjectNode payload = samples.emergencyApplication();
            assertThat(validate(RecordType.APPLICATION, payload)).as("sample %d: %s", i, payload).isEmpty();
            assertThat(payload.path("assistance_type").asText()).isEqualTo("emergency");
            assertThat(payload.path("urgent").asBoolean()).isTrue();
        }
    }

    @Test
    void samplesAreRepeatableForTheSameSeed() {
        SampleRecords first = new SampleRecords(new Random(99));
        SampleRecords second = new SampleRecords(new Random(99));
        for (RecordType type : RecordType.values()) {
            assertThat(first.payloadFor(type)).isEqualTo(second.payloadFor(type));
        }
    }

    @Test
    void samplePeopleAreObviouslyFictional() {
        SampleRecords samples = new SampleRecords(new Random(3));
        for (int i = 0; i < 200; i++) {
            JsonNode applicant = samples.application().path("applicant");
            assertThat(applicant.path("name").asText()).matches(".(示例|样本|演示|测试|样例|范例)");
            assertThat(applicant.path("address").asText()).startsWith("示范县样例镇");
            if (applicant.has("phone")) {
                assertThat(applicant.path("phone").asText()).matches("1380000[0-9]{4}");
            }
            String id = applicant.path("id_number").asText();
            assertThat(id).startsWith("110101");
            assertThat(Integer.parseInt(id.substring(6, 10))).isBetween(1935, 2005);
            assertThat(Integer.parseInt(id.substring(14, 17))).isBetween(900, 999);
        }
    }

    @Test
    void generatedIdNumbersHaveTheRightCheckCharacter() {
        // Independent of SampleRecords: GB 11643 weights are 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11.
        assertThat(expectedCheckCharacter("11010519491231002")).isEqualTo('X'); // published GB 11643 example
        SampleRecords samples = new SampleRecords(new Random(11));
        for (int i = 0; i < 1000; i++) {
            String id = samples.application().path("applicant").path("id_number").asText();
            assertThat(id).hasSize(18).matches("[0-9]{17}[0-9X]");
            assertThat(id.charAt(17)).as(id).isEqualTo(expectedCheckCharacter(id.substring(0, 17)));
        }
    }

    private static char expectedCheckCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * (1 << (17 - i)) % 11;
        }
        int value = (12 - sum % 11) % 11;
        return value == 10 ? 'X' : (char) ('0' + value);
    }

    // ---- invalid payloads are refused, naming the field ----

    private static ObjectNode sample(RecordType type) {
        return new SampleRecords(new Random(5)).payloadFor(type);
    }

    private static ObjectNode edited(RecordType type, Consumer<ObjectNode> edit) {
        ObjectNode payload = sample(type);
        edit.accept(payload);
        return payload;
    }

    private static List<String> locations(RecordType type, JsonNode payload) {
        return validate(type, payload).stream().map(m -> m.getInstanceLocation().toString()).toList();
    }

    @Test
    void badIdNumberIsRefusedAtItsField() {
        ObjectNode payload = edited(RecordType.APPLICATION,
                p -> ((ObjectNode) p.get("applicant")).put("id_number", "11010119800101123"));
        assertThat(locations(RecordType.APPLICATION, payload)).containsExactly("$.applicant.id_number");

        ObjectNode lowerX = edited(RecordType.APPLICATION,
                p -> ((ObjectNode) p.get("applicant")).put("id_number", "11010119800101123x"));
        assertThat(locations(RecordType.APPLICATION, lowerX)).containsExactly("$.applicant.id_number");
    }

    @Test
    void badPhoneAndHouseholdSizeAreRefusedAtTheirFields() {
        ObjectNode payload = edited(RecordType.APPLICATION, p -> ((ObjectNode) p.get("applicant"))
                .put("phone", "12345678901").put("household_size", 0));
        assertThat(locations(RecordType.APPLICATION, payload))
                .containsExactlyInAnyOrder("$.applicant.phone", "$.applicant.household_size");

        ObjectNode landline = edited(RecordType.APPLICATION,
                p -> ((ObjectNode) p.get("applicant")).put("phone", "0351-7654321"));
        assertThat(validate(RecordType.APPLICATION, landline)).isEmpty();
    }

    @Test
    void unknownVisitModeIsRefused() {
        ObjectNode payload = edited(RecordType.WELFARE_CHECK, p -> p.put("visit_mode", "carrier_pigeon"));
        assertThat(locations(RecordType.WELFARE_CHECK, payload)).containsExactly("$.visit_mode");
    }

    @Test
    void missingRequiredFieldIsRefusedAndNamed() {
        ObjectNode payload = edited(RecordType.APPLICATION, p -> p.remove("channel"));
        Set<ValidationMessage> messages = validate(RecordType.APPLICATION, payload);
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.getType()).isEqualTo("required");
            assertThat(m.getInstanceLocation().toString()).isEqualTo("$");
            assertThat(m.getProperty()).isEqualTo("channel");
            assertThat(m.getMessage()).contains("channel");
        });

        ObjectNode noId = edited(RecordType.APPLICATION, p -> ((ObjectNode) p.get("applicant")).remove("id_number"));
        assertThat(validate(RecordType.APPLICATION, noId)).singleElement().satisfies(m -> {
            assertThat(m.getInstanceLocation().toString()).isEqualTo("$.applicant");
            assertThat(m.getProperty()).isEqualTo("id_number");
        });
    }

    @Test
    void unknownExtraPropertyIsRefusedAndNamed() {
        ObjectNode payload = edited(RecordType.HELP_REQUEST, p -> p.put("applicant_name", "王示例"));
        assertThat(validate(RecordType.HELP_REQUEST, payload)).singleElement().satisfies(m -> {
            assertThat(m.getType()).isEqualTo("additionalProperties");
            assertThat(m.getProperty()).isEqualTo("applicant_name");
            assertThat(m.getMessage()).contains("applicant_name");
        });

        ObjectNode nested = edited(RecordType.DAILY_REPORT, p -> ((ObjectNode) p.get("counts")).put("names", 1));
        assertThat(validate(RecordType.DAILY_REPORT, nested)).singleElement()
                .satisfies(m -> assertThat(m.getProperty()).isEqualTo("names"));
    }

    @Test
    void overLongReasonIsRefused() {
        ObjectNode payload = edited(RecordType.APPLICATION, p -> p.put("reason", "示".repeat(2001)));
        assertThat(locations(RecordType.APPLICATION, payload)).containsExactly("$.reason");

        ObjectNode atLimit = edited(RecordType.APPLICATION, p -> p.put("reason", "示".repeat(2000)));
        assertThat(validate(RecordType.APPLICATION, atLimit)).isEmpty();
    }

    @Test
    void badDatesAndTimesAreRefused() {
        ObjectNode visit = edited(RecordType.WELFARE_CHECK, p -> p.put("visited_at", "2025-02-30T10:00:00+08:00"));
        assertThat(locations(RecordType.WELFARE_CHECK, visit)).containsExactly("$.visited_at");

        ObjectNode noOffset = edited(RecordType.HELP_REQUEST, p -> p.put("requested_at", "2025-03-01 10:00"));
        assertThat(locations(RecordType.HELP_REQUEST, noOffset)).containsExactly("$.requested_at");

        ObjectNode report = edited(RecordType.DAILY_REPORT, p -> p.put("date", "2025/03/01"));
        assertThat(locations(RecordType.DAILY_REPORT, report)).containsExactly("$.date");
    }

    @Test
    void otherRulesAreEnforcedAtTheirFields() {
        ObjectNode duplicateNeeds = edited(RecordType.WELFARE_CHECK, p -> {
            ArrayNode needs = p.putArray("needs");
            needs.add("food").add("food");
        });
        assertThat(locations(RecordType.WELFARE_CHECK, duplicateNeeds)).containsExactly("$.needs");

        ObjectNode badSupply = edited(RecordType.WELFARE_CHECK,
                p -> ((ObjectNode) p.get("supplies")).put("water", "plenty"));
        assertThat(locations(RecordType.WELFARE_CHECK, badSupply)).containsExactly("$.supplies.water");

        ObjectNode negative = edited(RecordType.DAILY_REPORT, p -> ((ObjectNode) p.get("counts")).put("visits", -1));
        assertThat(locations(RecordType.DAILY_REPORT, negative)).containsExactly("$.counts.visits");

        ObjectNode badName = edited(RecordType.EVENT, p -> p.put("name", "Printer Offline"));
        assertThat(locations(RecordType.EVENT, badName)).containsExactly("$.name");

        ObjectNode tooManyDetails = edited(RecordType.EVENT, p -> {
            ObjectNode details = p.putObject("details");
            for (int i = 0; i < 33; i++) details.put("k" + i, i);
        });
        assertThat(locations(RecordType.EVENT, tooManyDetails)).containsExactly("$.details");

        ObjectNode badWorker = edited(RecordType.WELFARE_CHECK, p -> p.put("worker_id", "工作人员1"));
        assertThat(locations(RecordType.WELFARE_CHECK, badWorker)).containsExactly("$.worker_id");
    }

    /** Keeps docs/schemas/README.md honest: every ```json example under a type's heading must validate. */
    @Test
    void documentedExamplesValidate() throws IOException {
        Path readme = Path.of("../docs/schemas/README.md");
        if (!Files.exists(readme)) readme = Path.of("docs/schemas/README.md");
        assumeTrue(Files.exists(readme), "docs/schemas/README.md not reachable from " + Path.of("").toAbsolutePath());

        Map<RecordType, Integer> checked = new EnumMap<>(RecordType.class);
        RecordType section = null;
        StringBuilder block = null;
        for (String line : Files.readAllLines(readme)) {
            Matcher heading = Pattern.compile("^## `([a-z_]+)`").matcher(line);
            if (heading.find()) {
                section = RecordType.fromWireName(heading.group(1)).orElseThrow();
            } else if (line.equals("```json")) {
                block = new StringBuilder();
            } else if (line.equals("```") && block != null) {
                assertThat(section).as("json example outside a type section").isNotNull();
                JsonNode example = MAPPER.readTree(block.toString());
                assertThat(validate(section, example)).as("%s example", section).isEmpty();
                String id = example.path("applicant").path("id_number").asText("");
                if (!id.isEmpty()) {
                    assertThat(id.charAt(17)).as(id).isEqualTo(expectedCheckCharacter(id.substring(0, 17)));
                }
                checked.merge(section, 1, Integer::sum);
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        assertThat(checked.keySet()).containsExactlyInAnyOrder(RecordType.values());
    }
}
