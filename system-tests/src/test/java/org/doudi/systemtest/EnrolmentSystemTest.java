package org.doudi.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doudi.app.Agent;
import org.doudi.cli.DoudiCommand;
import org.doudi.cli.ExitCodes;
import org.doudi.config.AgentConfig;
import org.doudi.config.Settings;
import org.doudi.protocol.Topics;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.broker.MosquittoPasswordHash;
import org.doudi.provisioning.cli.ProvisionCommand;
import org.doudi.provisioning.enrolment.DeviceRecords;
import org.doudi.provisioning.enrolment.EnrolledDevices;
import org.doudi.record.DeviceIdentity;
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
import picocli.CommandLine;

/**
 * From a bare device to records opened at the centre, the technician's way: authority init, device add,
 * enroll (the commands in-process), the agent started on the written configuration against the shared
 * Mosquitto, and an inbox wired as {@code ./provision inbox --authority} wires it: it pins the device's key
 * from its enrolment announcement and only then accepts, verifies and opens its records.
 */
class EnrolmentSystemTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";

    @TempDir
    Path dir;

    @Test
    void aDeviceEnrolledWithItsBundleSendsRecordsTheInboxVerifiesAndOpens() throws Exception {
        Prerequisites.require(LocalPorts.listening(1883), "Mosquitto not reachable on 127.0.0.1:1883");
        String deviceId = TestAgents.uniqueDeviceId("enrol");
        Path authorityDir = dir.resolve("authority");
        assertThat(run(ProvisionCommand.commandLine(), "authority", "init", "--dir", authorityDir.toString())).isZero();
        assertThat(run(ProvisionCommand.commandLine(), "device", "add", "--authority", authorityDir.toString(),
                "--id", deviceId, "--township", TestAgents.TOWNSHIP, "--role", "tablet", "--broker", BROKER,
                "--out", dir.resolve(deviceId).toString())).isZero();
        Authority office = Authority.load(authorityDir);
        Path config = dir.resolve("device/etc/doudi.conf");
        assertThat(run(DoudiCommand.commandLine(), "enroll", "--config", config.toString(),
                "--authority-id", office.keyId(KeyRole.PROVISIONING).value(),
                dir.resolve(deviceId + ".bundle").toString())).isEqualTo(ExitCodes.OK);

        EnrolledDevices devices = new EnrolledDevices(new DeviceRecords(office), Clock.systemUTC());
        CentreProtection protection = new CentreProtection(
                Keys.centralPrivateKey(office.privateKeyInfo(KeyRole.SEALING, Optional.empty())), devices::key, false);
        AgentConfig agentConfig = AgentConfig.resolve(Map.of(Settings.DATA_DIR.key(), dir.resolve("data").toString(),
                Settings.RECONNECT_INITIAL.key(), "100ms", Settings.RECONNECT_MAX.key(), "1s",
                Settings.ACK_TIMEOUT.key(), "3s", Settings.REFUSE_BELOW_MB.key(), "0", Settings.SHED_BELOW_MB.key(), "0",
                Settings.RESERVE_MB.key(), "0"), Map.of(), Optional.of(config));
        Map<String, JsonNode> submitted = new HashMap<>();
        List<Envelope> opened = new CopyOnWriteArrayList<>();
        DeviceIdentity device = new DeviceIdentity(deviceId, TestAgents.TOWNSHIP);
        try (Centre centre = Centre.onSharedBroker(BROKER, dir, TestAgents.uniqueDeviceId("enrol-inbox"),
                Optional.of(protection), Optional.of(devices));
                Agent agent = Agent.start(agentConfig)) {
            centre.onStored(opened::add);
            SampleRecords samples = new SampleRecords(new Random(4));
            for (int i = 0; i < 5; i++) {
                JsonNode payload = samples.payloadFor(RecordType.APPLICATION);
                submitted.put(agent.submit(RecordType.APPLICATION, payload).recordId(), payload);
            }
            centre.awaitStored(submitted.keySet(), Duration.ofSeconds(30));
            assertThat(centre.stats().refused()).isZero();

            // The device is pinned with its sealing key now: the office rotates its broker password.
            String before = Files.readString(config);
            assertThat(run(ProvisionCommand.commandLine(), "command", "--authority", authorityDir.toString(),
                    "--broker", BROKER, "--device", deviceId, "--township", TestAgents.TOWNSHIP,
                    "rotate-credentials")).isZero();
            Wait.until("the rotation reported", Duration.ofSeconds(30), () -> opened.stream()
                    .anyMatch(e -> e.type() == RecordType.EVENT
                            && e.payload().readableJson().map(j -> j.path("name").asText()).orElse("")
                                    .equals("command.accepted")),
                    opened::toString);
            String after = Files.readString(config);
            assertThat(after).isNotEqualTo(before);
            assertThat(opened.toString()).doesNotContain(AgentConfig.resolve(Map.of(), Map.of(), Optional.of(config))
                    .text(Settings.BROKER_PASSWORD));
        } finally {
            clearRetained(new Topics(device));
        }
        assertThat(opened).filteredOn(e -> e.type() == RecordType.APPLICATION).hasSize(5)
                .allSatisfy(e -> assertThat(e.payload().readableJson()).contains(submitted.get(e.recordId())));
        Path record = new DeviceRecords(office).directory(device);
        Properties enrolment = new Properties();
        try (var reader = Files.newBufferedReader(record.resolve(DeviceRecords.ENROLMENT_FILE))) {
            enrolment.load(reader);
        }
        assertThat(enrolment.getProperty("state")).isEqualTo("enrolled");
        assertThat(Files.readString(record.resolve(DeviceRecords.DEVICE_KEY_FILE)))
                .isEqualTo(Files.readString(config.resolveSibling("device.pub.pem")));
        AgentConfig rotated = AgentConfig.resolve(Map.of(), Map.of(), Optional.of(config));
        assertThat(Files.readString(record.resolve(DeviceRecords.SEALING_KEY_FILE))).isEqualTo(Keys.deviceSealingKey(
                Files.readString(Path.of(rotated.text(Settings.SECURITY_DEVICE_SEALING_KEY)))).publicKey().toPem());
        // The office's new passwd line hashes the password the device now holds.
        String line = Files.readString(new DeviceRecords(office).passwordLine(device)).strip();
        String[] hash = line.substring(line.indexOf(':') + 1).split("\\$");
        assertThat(MosquittoPasswordHash.of(rotated.text(Settings.BROKER_PASSWORD), Base64.getDecoder().decode(hash[3]),
                Integer.parseInt(hash[2]))).isEqualTo(line.substring(line.indexOf(':') + 1));
        assertThat(rotated.text(Settings.BROKER_USERNAME)).isEqualTo(deviceId);
    }

    private static int run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int code = cl.execute(args);
        assertThat(code).as(out.toString()).isZero();
        return code;
    }

    /** Leaves nothing retained on the shared broker. */
    private static void clearRetained(Topics topics) throws Exception {
        MqttClient client = new MqttClient(BROKER, TestAgents.uniqueDeviceId("enrol-clean"), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        for (String topic : List.of(topics.enrolment(), topics.status(), topics.ack(), topics.command())) {
            client.publish(topic, new byte[0], 1, true);
        }
        client.disconnect();
        client.close();
    }
}
