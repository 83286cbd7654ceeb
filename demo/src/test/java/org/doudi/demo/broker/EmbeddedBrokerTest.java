package org.doudi.demo.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedBrokerTest {
    private static final long WAIT_SECONDS = 10;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void quietBrokerLogs() {
        EmbeddedBroker.quietLogging();
    }

    @AfterEach
    void closeEverything() throws Exception {
        // Clients first, so they do not spend the broker's shutdown reconnecting.
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void startsOnAFreeLoopbackPortWhenAskedForPortZero() throws IOException {
        EmbeddedBroker broker = track(EmbeddedBroker.start(0));

        assertThat(broker.port()).isPositive();
        assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.port());
        assertThat(broker.isRunning()).isTrue();
        assertThat(accepts(broker.port())).isTrue();
    }

    @Test
    void deliversQos1BeforeAndAfterARestart() throws Exception {
        EmbeddedBroker broker = track(EmbeddedBroker.start(0));
        Client subscriber = client(broker, "sub", true);
        Client publisher = client(broker, "pub", true);
        subscriber.mqtt.subscribe("doudi/t", 1);

        publisher.publish("doudi/t", "before", false);
        assertThat(subscriber.next()).isEqualTo("before");

        broker.restart();
        subscriber.awaitLost();
        publisher.awaitLost();
        subscriber.connect(true);
        publisher.connect(true);
        subscriber.mqtt.subscribe("doudi/t", 1);

        publisher.publish("doudi/t", "after", false);
        assertThat(subscriber.next()).isEqualTo("after");
    }

    @Test
    void stopClosesThePortAndDropsEveryConnection() throws Exception {
        EmbeddedBroker broker = track(EmbeddedBroker.start(0));
        Client first = client(broker, "first", true);
        Client second = client(broker, "second", true);

        broker.stop();

        assertThat(broker.isRunning()).isFalse();
        first.awaitLost();
        second.awaitLost();
        assertThat(accepts(broker.port())).isFalse();
        broker.stop();
        assertThat(broker.isRunning()).isFalse();
    }

    @Test
    void restartsOnTheSamePortManyTimesInARow() throws Exception {
        EmbeddedBroker broker = track(EmbeddedBroker.start(0));
        int port = broker.port();

        for (int round = 0; round < 5; round++) {
            // Alternate between restarting a running broker and one that was stopped first.
            if (round % 2 == 0) {
                broker.stop();
            }
            broker.restart();

            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.port()).isEqualTo(port);
            Client client = client(broker, "round" + round, true);
            client.mqtt.subscribe("doudi/round", 1);
            client.publish("doudi/round", "r" + round, false);
            assertThat(client.next()).isEqualTo("r" + round);
            client.close();
        }
    }

    @Test
    void retainedMessagesSurviveARestart() throws Exception {
        EmbeddedBroker broker = track(EmbeddedBroker.start(0));
        Client publisher = client(broker, "pub", true);
        publisher.publish("doudi/status/dev1", "online", true);
        publisher.close();

        broker.restart();

        Client late = client(broker, "late", true);
        late.mqtt.subscribe("doudi/status/+", 1);
        assertThat(late.next()).isEqualTo("online");
    }

    @Test
    void persistentSessionKeepsItsSubscriptionAndQueuedMessagesAcrossARestart() throws Exception {
        EmbeddedBroker broker = track(EmbeddedBroker.start(0));
        Client central = client(broker, "central", false);
        central.mqtt.subscribe("doudi/records/#", 1);
        central.mqtt.disconnect();
        Client agent = client(broker, "agent", true);
        agent.publish("doudi/records/dev1", "queued-before-stop", false);

        broker.stop();
        broker.restart();

        agent.awaitLost();
        agent.connect(true);
        agent.publish("doudi/records/dev1", "queued-after-restart", false);
        // Reconnects with the same id and without subscribing again: the broker must remember both.
        central.connect(false);
        assertThat(central.next()).isEqualTo("queued-before-stop");
        assertThat(central.next()).isEqualTo("queued-after-restart");
        agent.publish("doudi/records/dev1", "live", false);
        assertThat(central.next()).isEqualTo("live");
    }

    @Test
    void aGivenDataDirectoryCarriesStateToANewInstanceAndIsKept(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("broker");
        EmbeddedBroker first = EmbeddedBroker.start(0, data);
        try {
            Client publisher = new Client(first.url(), "pub");
            publisher.connect(true);
            publisher.publish("doudi/config", "v1", true);
            publisher.close();
        } finally {
            first.close();
        }
        assertThat(data).isDirectory();
        try (var files = Files.list(data)) {
            assertThat(files).isNotEmpty();
        }

        EmbeddedBroker second = track(EmbeddedBroker.start(0, data));
        Client reader = client(second, "reader", true);
        reader.mqtt.subscribe("doudi/config", 1);
        assertThat(reader.next()).isEqualTo("v1");
    }

    @Test
    void failsCleanlyWhenThePortIsTaken() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedBroker.start(squatter.getLocalPort()))
                    .isInstanceOf(RuntimeException.class)
                    .hasMessageContaining(Integer.toString(squatter.getLocalPort()));
        }
    }

    @Test
    void restartAfterCloseIsRefusedAndCloseIsIdempotent() {
        EmbeddedBroker broker = EmbeddedBroker.start(0);
        broker.close();
        broker.close();

        assertThat(broker.isRunning()).isFalse();
        assertThat(accepts(broker.port())).isFalse();
        assertThatThrownBy(broker::restart).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeLeavesNoThreadsBehind() throws InterruptedException {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        EmbeddedBroker broker = EmbeddedBroker.start(0);
        broker.restart();
        broker.close();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!threadsStartedSince(before).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(threadsStartedSince(before)).isEmpty();
    }

    private static List<String> threadsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .map(Thread::getName)
                .toList();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            throw new AssertionError("unexpected failure probing port " + port, e);
        }
    }

    private EmbeddedBroker track(EmbeddedBroker broker) {
        cleanup.add(broker);
        return broker;
    }

    private Client client(EmbeddedBroker broker, String id, boolean cleanSession) throws MqttException {
        Client client = new Client(broker.url(), id);
        cleanup.add(client);
        client.connect(cleanSession);
        return client;
    }

    /** A Paho client that funnels everything it receives into a queue and signals a lost connection. */
    private static final class Client implements MqttCallback, AutoCloseable {
        final MqttClient mqtt;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private volatile CountDownLatch lost = new CountDownLatch(1);
        private boolean closed;

        Client(String url, String id) throws MqttException {
            mqtt = new MqttClient(url, id, new MemoryPersistence());
            mqtt.setCallback(this);
        }

        void connect(boolean cleanSession) throws MqttException {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(cleanSession);
            options.setAutomaticReconnect(false);
            options.setConnectionTimeout((int) WAIT_SECONDS);
            lost = new CountDownLatch(1);
            mqtt.connect(options);
        }

        void publish(String topic, String payload, boolean retained) throws MqttException {
            MqttMessage message = new MqttMessage(payload.getBytes(UTF_8));
            message.setQos(1);
            message.setRetained(retained);
            mqtt.publish(topic, message);
        }

        String next() throws InterruptedException {
            String message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(message).as("a message within %d s", WAIT_SECONDS).isNotNull();
            return message;
        }

        void awaitLost() throws InterruptedException {
            assertThat(lost.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("connection lost").isTrue();
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost.countDown();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new String(message.getPayload(), UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Publishing is synchronous here; MqttClient.publish already waited for the PUBACK.
        }

        @Override
        public void close() throws MqttException {
            if (closed) {
                return;
            }
            closed = true;
            if (mqtt.isConnected()) {
                mqtt.disconnect(0);
            }
            mqtt.close(true);
        }
    }
}
