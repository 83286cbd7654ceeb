package org.doudi.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doudi.app.Agent;
import org.doudi.config.Settings;
import org.doudi.outbox.OutboxState;
import org.doudi.record.Envelope;
import org.doudi.record.RecordType;
import org.doudi.record.SampleRecords;
import org.doudi.security.CentreProtection;
import org.doudi.security.Keys;
import org.doudi.testsupport.LocalPorts;
import org.doudi.testsupport.Prerequisites;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An enrolled agent and a protected centre through the real Mosquitto: every record arrives, opened and
 * acknowledged, while a spy subscribed on the broker — what its operator sees — reads no applicant.
 */
class EndToEndProtectionSystemTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";

    @TempDir
    Path dir;

    @Test
    void theCentreReadsEveryRecordAndTheBrokerNone() throws Exception {
        Prerequisites.require(LocalPorts.listening(1883), "Mosquitto not reachable on 127.0.0.1:1883");
        String deviceId = TestAgents.uniqueDeviceId("e2e");
        Keys.CentralPrivateKey centralKey = Keys.CentralPrivateKey.generate();
        Keys.DeviceSigningKey deviceKey = Keys.DeviceSigningKey.generate();
        Path deviceKeyFile = Files.writeString(dir.resolve("device.key"), deviceKey.toPem());
        Path centralKeyFile = Files.writeString(dir.resolve("centre.pub"), centralKey.publicKey().toPem());
        CentreProtection protection = new CentreProtection(centralKey,
                id -> id.equals(deviceId) ? Optional.of(deviceKey.publicKey()) : Optional.empty(), false);

        List<byte[]> seenByTheBroker = new CopyOnWriteArrayList<>();
        MqttClient spy = new MqttClient(BROKER, TestAgents.uniqueDeviceId("spy"), new MemoryPersistence());
        MqttConnectOptions spyOptions = new MqttConnectOptions();
        spyOptions.setCleanSession(true);
        spy.connect(spyOptions);
        spy.subscribe("doudi/v1/+/" + deviceId + "/rec/#", 1, (topic, message) -> seenByTheBroker.add(message.getPayload()));

        Map<String, JsonNode> submitted = new HashMap<>();
        List<Envelope> opened = new CopyOnWriteArrayList<>();
        try (Centre centre = Centre.onSharedBroker(BROKER, dir, TestAgents.uniqueDeviceId("e2e-centre"),
                Optional.of(protection));
                Agent agent = Agent.start(TestAgents.config(dir.resolve(deviceId), BROKER, deviceId, Map.of(
                        Settings.SECURITY_DEVICE_KEY.key(), deviceKeyFile.toString(),
                        Settings.SECURITY_CENTRAL_KEY.key(), centralKeyFile.toString())))) {
            centre.onStored(opened::add);
            SampleRecords samples = new SampleRecords(new Random(23));
            for (int i = 0; i < 30; i++) {
                RecordType type = i % 3 == 0 ? RecordType.WELFARE_CHECK : RecordType.APPLICATION;
                JsonNode payload = samples.payloadFor(type);
                submitted.put(agent.submit(type, payload).recordId(), payload);
            }
            centre.awaitStored(submitted.keySet(), Duration.ofSeconds(30));
            Wait.until("acknowledgements back on the device", Duration.ofSeconds(30),
                    () -> agent.counts().count(OutboxState.ACKNOWLEDGED) == 30, () -> agent.counts().toString());
            assertThat(centre.stats().refused()).isZero();
            assertThat(centre.gaps(agent.identity())).isEmpty();
        } finally {
            spy.disconnect();
            spy.close();
        }
        for (Envelope e : opened) {
            assertThat(e.payload().readableJson()).contains(submitted.get(e.recordId()));
        }
        assertThat(opened).hasSize(30);
        Set<String> names = new HashSet<>();
        submitted.values().forEach(p -> names.add(p.path("applicant").path("name").asText(p.path("household")
                .path("head_name").asText())));
        names.remove("");
        assertThat(names).isNotEmpty();
        assertThat(seenByTheBroker).hasSizeGreaterThanOrEqualTo(30);
        List<String> leaks = new ArrayList<>();
        for (byte[] message : seenByTheBroker) {
            String text = new String(message, StandardCharsets.UTF_8);
            names.stream().filter(text::contains).forEach(leaks::add);
            assertThat(text).contains("\"sealed\"").doesNotContain("\"payload\"");
        }
        assertThat(leaks).as("applicant names seen on the broker").isEmpty();
    }
}
