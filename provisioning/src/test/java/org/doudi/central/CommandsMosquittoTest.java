package org.doudi.central;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.doudi.app.Agent;
import org.doudi.central.sqlite.SqliteReceivedStore;
import org.doudi.command.CommandAction;
import org.doudi.config.AgentConfig;
import org.doudi.config.Settings;
import org.doudi.outbox.OutboxState;
import org.doudi.protocol.Topics;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.command.OfficeCommands;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.RecordType;
import org.doudi.record.SampleRecords;
import org.doudi.record.SeqRange;
import org.doudi.security.Keys;
import org.doudi.testsupport.LocalPorts;
import org.doudi.testsupport.Prerequisites;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands through the real Mosquitto on 127.0.0.1:1883. A real gap, filled by a resend command: an agent publishes while the centre (a clean session) is not
 * connected, so the broker drops those records and the device, holding them as published, waits for an
 * ack that does not come (its ack timeout is an hour). The centre then receives only the later records,
 * sees the gap, sends a signed {@code resend}; the device republishes and the gap closes.
 */
class CommandsMosquittoTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aGapTheCentreSeesIsAskedForAndFilled() throws Exception {
        Prerequisites.require(LocalPorts.listening(1883), "Mosquitto not reachable on 127.0.0.1:1883");
        String deviceId = "gap-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        DeviceIdentity device = new DeviceIdentity(deviceId, "110101001");
        Authority authority = Authority.create(dir.resolve("office"), Optional.empty(), Optional.empty(),
                Clock.systemUTC());
        OfficeCommands commands = OfficeCommands.open(authority, Optional.empty(), Duration.ofHours(1), Clock.systemUTC());
        AgentConfig config = agentConfig(device, authority, Map.of());
        SampleRecords samples = new SampleRecords(new Random(4));
        Set<String> submitted = ConcurrentHashMap.newKeySet();
        Set<String> stored = ConcurrentHashMap.newKeySet();
        Map<String, String> events = new HashMap<>();
        try (Agent agent = Agent.start(config)) {
            for (int i = 0; i < 5; i++) {
                submitted.add(agent.submit(RecordType.WELFARE_CHECK, samples.payloadFor(RecordType.WELFARE_CHECK)).recordId());
            }
            await("5 records published with nobody listening",
                    () -> agent.counts().count(OutboxState.PUBLISHED) == 5);

            ReceiverSettings settings = ReceiverSettings.defaults(List.of(BROKER), "gap-centre-" + deviceId)
                    .withCleanSession();
            try (CentralReceiver centre = new CentralReceiver(settings, SqliteReceivedStore.open(dir.resolve("centre.db")))) {
                centre.onStored(e -> {
                    stored.add(e.recordId());
                    if (e.type() == RecordType.EVENT) {
                        JsonNode payload = e.payload().readableJson().orElseThrow();
                        synchronized (events) {
                            events.put(payload.path("name").asText(), payload.path("details").toString());
                        }
                    }
                });
                centre.resendGaps(new GapResends((d, gap) -> issue(commands, d, gap), Duration.ofSeconds(1),
                        Duration.ofSeconds(10), 16));
                centre.start();
                await("the centre connected", () -> centre.stats().link() == org.doudi.link.LinkSupervisor.State.CONNECTED);
                for (int i = 0; i < 5; i++) {
                    submitted.add(agent.submit(RecordType.WELFARE_CHECK, samples.payloadFor(RecordType.WELFARE_CHECK)).recordId());
                }
                await("the centre sees the gap", () -> centre.stats().device(device)
                        .map(v -> v.gaps().equals(List.of(new SeqRange(1, 5)))).orElse(false)
                        || stored.containsAll(submitted));

                await("the gap filled", () -> stored.containsAll(submitted)
                        && centre.stats().device(device).map(v -> v.gaps().isEmpty() && v.upTo() >= 10).orElse(false));
                await("the device's report of the command", () -> {
                    synchronized (events) {
                        return events.containsKey("command.accepted");
                    }
                });
                await("everything acknowledged on the device", () -> agent.counts().unacknowledged() == 0);
            }
        } finally {
            clearRetainedCommand(device);
        }
        assertThat(events.get("command.accepted")).contains("\"type\":\"resend\"", "\"first\":1", "\"last\":5",
                "\"requeued\":5");
    }

    @Test
    void aWipeCommandStopsTheAgentAndDestroysItsKeyAndOutbox() throws Exception {
        Prerequisites.require(LocalPorts.listening(1883), "Mosquitto not reachable on 127.0.0.1:1883");
        DeviceIdentity device = new DeviceIdentity("wipe-" + Long.toHexString(System.nanoTime() & 0xffffffL), "110101001");
        Authority authority = Authority.create(dir.resolve("office"), Optional.empty(), Optional.empty(),
                Clock.systemUTC());
        Path deviceKey = Files.writeString(dir.resolve("device.private.pem"), Keys.DeviceSigningKey.generate().toPem());
        Path centralKey = Files.writeString(dir.resolve("central.public.pem"),
                Keys.CentralPrivateKey.generate().publicKey().toPem());
        AgentConfig config = agentConfig(device, authority, Map.of(Settings.SECURITY_DEVICE_KEY.key(), deviceKey.toString(),
                Settings.SECURITY_CENTRAL_KEY.key(), centralKey.toString()));
        ReceiverSettings settings = ReceiverSettings.defaults(List.of(BROKER), "wipe-centre-" + device.deviceId())
                .withCleanSession();
        try (CentralReceiver centre = new CentralReceiver(settings, SqliteReceivedStore.open(dir.resolve("centre.db")));
                Agent agent = Agent.start(config)) {
            centre.start();
            await("the centre connected", () -> centre.stats().link() == org.doudi.link.LinkSupervisor.State.CONNECTED);
            agent.submit(RecordType.WELFARE_CHECK, new SampleRecords(new Random(5)).payloadFor(RecordType.WELFARE_CHECK));
            await("the record acknowledged", () -> agent.counts().unacknowledged() == 0
                    && agent.counts().count(OutboxState.ACKNOWLEDGED) == 1);
            OfficeCommands commands = OfficeCommands.open(authority, Optional.empty(), Duration.ofHours(1),
                    Clock.systemUTC());
            publishRetained(new Topics(device).command(), commands.issue(device, new CommandAction.Wipe()).message());

            agent.stoppedItself().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            clearRetainedCommand(device);
        }
        assertThat(deviceKey).doesNotExist();
        assertThat(config.dataDir().resolve("outbox.db")).doesNotExist();
    }

    private AgentConfig agentConfig(DeviceIdentity device, Authority authority, Map<String, String> extra)
            throws Exception {
        Map<String, String> values = new HashMap<>(Map.ofEntries(
                Map.entry(Settings.DATA_DIR.key(), dir.resolve(device.deviceId()).toString()),
                Map.entry(Settings.BROKER_URL.key(), BROKER), Map.entry(Settings.DEVICE_ID.key(), device.deviceId()),
                Map.entry(Settings.TOWNSHIP.key(), device.township()), Map.entry(Settings.RECONNECT_INITIAL.key(), "100ms"),
                Map.entry(Settings.RECONNECT_MAX.key(), "1s"), Map.entry(Settings.ACK_TIMEOUT.key(), "1h"),
                Map.entry(Settings.DRAIN_RATE.key(), "0"), Map.entry(Settings.REFUSE_BELOW_MB.key(), "0"),
                Map.entry(Settings.SHED_BELOW_MB.key(), "0"), Map.entry(Settings.RESERVE_MB.key(), "0"),
                Map.entry(Settings.SECURITY_COMMAND_KEY.key(), authority.publicKeyFile(KeyRole.COMMAND).toString())));
        values.putAll(extra);
        return AgentConfig.of(values);
    }

    private static Optional<byte[]> issue(OfficeCommands commands, DeviceIdentity device, SeqRange gap) {
        try {
            return Optional.of(commands.issue(device, new CommandAction.Resend(gap)).message());
        } catch (AuthorityException e) {
            throw new AssertionError(e.error().message(), e);
        }
    }

    /** The shared broker keeps nothing of this test: an empty retained message deletes the retained command. */
    private static void clearRetainedCommand(DeviceIdentity device) throws Exception {
        publishRetained(new Topics(device).command(), new byte[0]);
    }

    private static void publishRetained(String topic, byte[] message) throws Exception {
        MqttClient client = new MqttClient(BROKER, "cmd-test-" + Long.toHexString(System.nanoTime()), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        client.publish(topic, message, 1, true);
        client.disconnect();
        client.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
