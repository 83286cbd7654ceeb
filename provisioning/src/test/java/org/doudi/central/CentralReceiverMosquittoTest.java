package org.doudi.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.doudi.central.sqlite.SqliteReceivedStore;
import org.doudi.link.LinkSupervisor;
import org.doudi.protocol.Ack;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.protocol.Topics;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.RecordType;
import org.doudi.record.SeqRange;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver against the real Mosquitto on 127.0.0.1:1883, with a plain Paho client playing the
 * device. Device and client ids are unique per run, so runs sharing the broker do not collide; other
 * receivers on the same broker may ack our records too, which is why waits look for a matching ack
 * rather than the next one.
 */
class CentralReceiverMosquittoTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final DeviceIdentity device = TestEnvelopes.uniqueDevice("it");
    private final BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
    private final List<String> receiverClientIds = new CopyOnWriteArrayList<>();
    private MqttClient fakeDevice;
    private SqliteReceivedStore store;

    @BeforeEach
    void connectFakeDevice() throws MqttException {
        assumeTrue(brokerReachable(), "Mosquitto not reachable on 127.0.0.1:1883 — skipped");
        fakeDevice = new MqttClient(BROKER, "it-device-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        fakeDevice.connect(options);
        fakeDevice.subscribe(new Topics(device).ack(), 1, (topic, message) -> {
            if (message.getPayload().length > 0) {
                acks.add(Ack.decode(message.getPayload()));
            }
        });
    }

    @AfterEach
    void cleanUp() throws MqttException {
        if (fakeDevice == null) {
            return;
        }
        // Leave no retained ack or receiver status behind on a shared broker.
        fakeDevice.publish(new Topics(device).ack(), new byte[0], 1, true);
        for (String clientId : receiverClientIds) {
            fakeDevice.publish(Topics.ROOT + "/central/" + clientId + "/status", new byte[0], 1, true);
        }
        fakeDevice.disconnect();
        fakeDevice.close();
    }

    private static boolean brokerReachable() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 1883), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private CentralReceiver startReceiver() {
        String clientId = "it-central-" + UUID.randomUUID().toString().substring(0, 8);
        receiverClientIds.add(clientId);
        ReceiverSettings settings = ReceiverSettings.defaults(List.of(BROKER), clientId).withCleanSession();
        // The same file each time, so a second receiver is the first one restarted.
        store = SqliteReceivedStore.open(dir.resolve("received.db"));
        CentralReceiver receiver = new CentralReceiver(settings, store);
        receiver.start();
        return receiver;
    }

    private void publish(Envelope e) throws MqttException {
        fakeDevice.publish(new Topics(device).record(e.type()), EnvelopeCodec.encode(e), 1, false);
    }

    private Ack awaitAck(Predicate<Ack> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Ack ack = acks.poll(100, TimeUnit.MILLISECONDS);
            if (ack != null && wanted.test(ack)) {
                return ack;
            }
        }
        throw new AssertionError("no matching ack on " + new Topics(device).ack() + " within " + PATIENCE);
    }

    /** Subscribing is asynchronous; records sent before the receiver subscribed would not reach it. */
    private static void awaitSubscribed(CentralReceiver receiver) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (receiver.stats().link() != LinkSupervisor.State.CONNECTED) {
            assertThat(System.nanoTime()).as("receiver connected in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void storesAcknowledgesReacknowledgesAndIgnoresMalformed() throws Exception {
        try (CentralReceiver receiver = startReceiver()) {
            awaitSubscribed(receiver);
            Envelope first = TestEnvelopes.envelope(device, 1);
            publish(first);
            publish(TestEnvelopes.envelope(device, 2));
            publish(TestEnvelopes.envelope(device, 4));
            Ack ack = awaitAck(a -> a.upTo() == 2 && a.ranges().equals(List.of(new SeqRange(4, 4))));
            assertThat(ack.serverTime()).isNotNull();
            // Only this device's records: other clients of the shared broker may publish meanwhile.
            assertThat(store.progress(device).received()).containsExactly(new SeqRange(1, 2), new SeqRange(4, 4));

            acks.clear();
            publish(first);
            awaitAck(a -> a.upTo() == 2);
            assertThat(receiver.stats().duplicates()).isEqualTo(1);

            long malformedBefore = receiver.stats().malformed();
            Topics topics = new Topics(device);
            fakeDevice.publish(topics.record(RecordType.WELFARE_CHECK), "garbage".getBytes(StandardCharsets.UTF_8),
                    1, false);
            DeviceIdentity someoneElse = TestEnvelopes.uniqueDevice("it-other");
            fakeDevice.publish(topics.record(RecordType.WELFARE_CHECK),
                    EnvelopeCodec.encode(TestEnvelopes.envelope(someoneElse, 3)), 1, false);
            publish(TestEnvelopes.envelope(device, 3));
            ack = awaitAck(a -> a.upTo() == 4);
            assertThat(ack.ranges()).isEmpty();
            assertThat(receiver.stats().malformed() - malformedBefore).isGreaterThanOrEqualTo(2);
            assertThat(receiver.stats().device(someoneElse)).isEmpty();
            assertThat(receiver.stats().device(device)).hasValueSatisfying(view -> {
                assertThat(view.upTo()).isEqualTo(4);
                assertThat(view.gaps()).isEmpty();
            });
        }
    }

    @Test
    void aRestartedReceiverRepublishesTheAckFromItsStore() throws Exception {
        try (CentralReceiver receiver = startReceiver()) {
            awaitSubscribed(receiver);
            publish(TestEnvelopes.envelope(device, 1));
            publish(TestEnvelopes.envelope(device, 3));
            awaitAck(a -> a.upTo() == 1 && a.ranges().size() == 1);
        }
        // As if the broker had lost its retained messages while the receiver was down.
        fakeDevice.publish(new Topics(device).ack(), new byte[0], 1, true);
        acks.clear();

        try (CentralReceiver restarted = startReceiver()) {
            Ack ack = awaitAck(a -> a.upTo() == 1);
            assertThat(ack.ranges()).containsExactly(new SeqRange(3, 3));
            assertThat(restarted.stats().device(device).orElseThrow().gaps()).containsExactly(new SeqRange(2, 2));
        }
    }

    @Test
    void aDeviceSubscribingLateGetsTheRetainedAck() throws Exception {
        try (CentralReceiver receiver = startReceiver()) {
            awaitSubscribed(receiver);
            publish(TestEnvelopes.envelope(device, 1));
            awaitAck(a -> a.upTo() == 1);

            BlockingQueue<Ack> late = new LinkedBlockingQueue<>();
            MqttClient lateDevice = new MqttClient(BROKER, "it-late-" + UUID.randomUUID().toString().substring(0, 8),
                    new MemoryPersistence());
            lateDevice.connect();
            try {
                lateDevice.subscribe(new Topics(device).ack(), 1,
                        (topic, message) -> late.add(Ack.decode(message.getPayload())));
                Ack retained = late.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(retained).isNotNull();
                assertThat(retained.upTo()).isEqualTo(1);
            } finally {
                lateDevice.disconnect();
                lateDevice.close();
            }
        }
    }
}
