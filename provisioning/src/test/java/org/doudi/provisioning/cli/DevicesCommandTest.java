package org.doudi.provisioning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.doudi.central.TestEnvelopes;
import org.doudi.cli.ExitCodes;
import org.doudi.protocol.DeviceStatus;
import org.doudi.protocol.Json;
import org.doudi.protocol.Topics;
import org.doudi.provisioning.cli.ProvisionCommandTest.Run;
import org.doudi.record.DeviceIdentity;
import org.junit.jupiter.api.Test;

/**
 * {@code provision devices} against the shared Mosquitto, with retained statuses of fake devices whose ids no
 * other run uses; other devices' statuses on that broker are in the output too and are left alone.
 */
class DevicesCommandTest {
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final DeviceIdentity online = TestEnvelopes.uniqueDevice("cli-fleet-on");
    private final DeviceIdentity shutDown = TestEnvelopes.uniqueDevice("cli-fleet-off");
    private final DeviceIdentity lost = TestEnvelopes.uniqueDevice("cli-fleet-lost");

    @Test
    void listsEachDeviceWithItsStateBacklogAndVersion() throws Exception {
        try (SharedMosquitto broker = SharedMosquitto.connect("it-fleet")) {
            List<String> topics = List.of(status(online), status(shutDown), status(lost));
            try {
                broker.publishRetained(status(online), DeviceStatus.online(7, "0.1.0", AT, 42)
                        .withClockOffset(java.time.Duration.ofSeconds(-95)).encode());
                broker.publishRetained(status(shutDown), DeviceStatus.shutdown(3, "0.1.0", AT, 0).encode());
                broker.publishRetained(status(lost), DeviceStatus.lost(9, "0.0.9", AT).encode());

                Run json = ProvisionCommandTest.provision("devices", "--broker", SharedMosquitto.URL, "--json",
                        "--settle", "1");
                Run table = ProvisionCommandTest.provision("devices", "--broker", SharedMosquitto.URL, "--settle", "1");

                assertThat(json.code()).as(json.err()).isEqualTo(ExitCodes.OK);
                Map<String, JsonNode> rows = byDevice(json.out());
                JsonNode on = rows.get(online.deviceId());
                assertThat(on).as(json.out()).isNotNull();
                assertThat(on.path("township").asText()).isEqualTo(TestEnvelopes.TOWNSHIP);
                assertThat(on.path("state").asText()).isEqualTo("online");
                assertThat(on.path("backlog").asLong()).isEqualTo(42);
                assertThat(on.path("agent_version").asText()).isEqualTo("0.1.0");
                assertThat(on.path("at").asText()).isEqualTo(AT.toString());
                assertThat(on.path("clock_offset_ms").asLong()).isEqualTo(-95_000);
                assertThat(rows.get(shutDown.deviceId()).path("clock_offset_ms").isNull()).isTrue();
                assertThat(rows.get(shutDown.deviceId()).path("state").asText()).isEqualTo("offline");
                assertThat(rows.get(shutDown.deviceId()).path("reason").asText()).isEqualTo("shutdown");
                assertThat(rows.get(lost.deviceId()).path("backlog").isNull()).as("a will's backlog is unknown").isTrue();

                assertThat(table.code()).as(table.err()).isEqualTo(ExitCodes.OK);
                assertThat(line(table.out(), online)).contains("online", "now", "42", "-95s", "0.1.0");
                assertThat(line(table.out(), shutDown)).contains("offline (shutdown)");
                assertThat(line(table.out(), lost)).contains("offline (connection lost)", "after ", "?");
            } finally {
                broker.clearRetained(topics);
            }
        }
    }

    @Test
    void aBrokerUrlThatIsNotTcpOrSslIsAUsageError() {
        Run run = ProvisionCommandTest.provision("devices", "--broker", "http://127.0.0.1:1883");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("scheme must be tcp or ssl");
    }

    private static String status(DeviceIdentity device) {
        return new Topics(device).status();
    }

    private static Map<String, JsonNode> byDevice(String jsonLines) throws IOException {
        Map<String, JsonNode> rows = new HashMap<>();
        for (String line : jsonLines.strip().split("\n")) {
            JsonNode row = Json.MAPPER.readTree(line);
            rows.put(row.path("device").asText(), row);
        }
        return rows;
    }

    private static String line(String table, DeviceIdentity device) {
        return table.lines().filter(l -> l.contains(device.deviceId())).findFirst()
                .orElseThrow(() -> new AssertionError(device.deviceId() + " not in\n" + table));
    }
}
