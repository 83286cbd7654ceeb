package org.doudi.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.doudi.app.Agent;
import org.doudi.outbox.OutboxState;
import org.doudi.record.RecordType;
import org.doudi.record.SampleRecords;
import org.doudi.testsupport.LocalPorts;
import org.doudi.testsupport.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same records and acknowledgements through production brokers on loopback: the Mosquitto CI
 * runs on :1883, and NATS's MQTT listener on a server this test starts on free ports.
 * Skipped, with the reason, where a broker is absent (unless CI requires them).
 */
class InteropTest {
    private static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");

    @TempDir
    Path dir;

    @Test
    void mosquittoOnLoopback() throws Exception {
        Prerequisites.require(LocalPorts.listening(1883), "Mosquitto not reachable on 127.0.0.1:1883");
        roundTrip("tcp://127.0.0.1:1883");
    }

    @Test
    void natsMqttListener() throws Exception {
        Prerequisites.require(Files.isExecutable(NATS_SERVER), "nats-server not installed at " + NATS_SERVER);
        int clientPort = LocalPorts.free();
        int mqttPort = LocalPorts.free();
        Path config = dir.resolve("nats.conf");
        Files.writeString(config, """
                listen: 127.0.0.1:%d
                server_name: doudi-interop
                jetstream { store_dir: "%s" }
                mqtt { listen: 127.0.0.1:%d }
                """.formatted(clientPort, dir.resolve("jetstream"), mqttPort));
        Process nats = new ProcessBuilder(NATS_SERVER.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nats.log").toFile()).start();
        try {
            Wait.until("NATS MQTT listener", Duration.ofSeconds(15), () -> LocalPorts.listening(mqttPort), () -> readLog());
            roundTrip("tcp://127.0.0.1:" + mqttPort);
        } finally {
            nats.destroy();
            nats.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String readLog() {
        try {
            return Files.readString(dir.resolve("nats.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void roundTrip(String brokerUrl) throws Exception {
        String deviceId = TestAgents.uniqueDeviceId("interop");
        try (Centre centre = Centre.onSharedBroker(brokerUrl, dir, TestAgents.uniqueDeviceId("interop-centre"));
                Agent agent = Agent.start(TestAgents.config(dir.resolve(deviceId), brokerUrl, deviceId, Map.of()))) {
            SampleRecords samples = new SampleRecords(new Random(11));
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                RecordType type = RecordType.values()[i % RecordType.values().length];
                ids.add(agent.submit(type, samples.payloadFor(type)).recordId());
            }
            centre.awaitStored(ids, Duration.ofSeconds(30));
            Wait.until("acknowledgements back on the device", Duration.ofSeconds(30),
                    () -> agent.counts().count(OutboxState.ACKNOWLEDGED) == 50, () -> agent.counts().toString());
            assertThat(centre.upTo(agent.identity())).isEqualTo(50);
            assertThat(centre.gaps(agent.identity())).isEmpty();
        }
    }
}
