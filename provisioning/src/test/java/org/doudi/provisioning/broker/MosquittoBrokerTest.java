package org.doudi.provisioning.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.doudi.central.CentralReceiver;
import org.doudi.central.ReceiverSettings;
import org.doudi.central.TestEnvelopes;
import org.doudi.central.sqlite.SqliteReceivedStore;
import org.doudi.config.Settings;
import org.doudi.link.LinkException;
import org.doudi.link.LinkSettings;
import org.doudi.link.MqttLink;
import org.doudi.link.paho.PahoLink;
import org.doudi.protocol.Ack;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.protocol.Topics;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.RecordType;
import org.doudi.testsupport.LocalPorts;
import org.doudi.testsupport.MosquittoProcess;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated files in a real Mosquitto that the test starts (skipped, with the reason, where none
 * is installed; required in CI). Mosquitto answers an unauthorised MQTT 3.1.1 publish with a PUBACK
 * and drops it, and grants any SUBSCRIBE but delivers only what the ACL lets the account read; so
 * each test proves a denial by a later, allowed message that does arrive, with the forbidden one
 * nowhere before it.
 */
class MosquittoBrokerTest {
    /** Generous: a loaded 2-core CI machine runs other test JVMs beside this one. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final DeviceIdentity A = new DeviceIdentity("kiosk-a", "110101001");
    private static final DeviceIdentity B = new DeviceIdentity("kiosk-b", "110101002");
    private static final DeviceIdentity C = new DeviceIdentity("kiosk-c", "110101001");
    private static final CentralAccount CENTRAL = new CentralAccount("central-1");

    @TempDir
    static Path dir;

    private static BrokerFiles files;
    private static MosquittoProcess broker;
    private static String passwordUrl;

    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeAll
    static void startMosquittoWithTheGeneratedFiles() throws Exception {
        MosquittoProcess.requireBinary();
        int passwordPort = LocalPorts.free();
        int tlsPort = LocalPorts.free();
        Files.createDirectories(dir.resolve("data"));
        files = MosquittoConfig.forBroker("127.0.0.1")
                .devices(List.of(A, B, C))
                .centralAccounts(List.of(CENTRAL))
                .passwordListener(Listener.on(passwordPort).boundTo("127.0.0.1"))
                .tlsListener(Listener.on(tlsPort).boundTo("127.0.0.1"))
                .persistenceLocation(dir.resolve("data"))
                .writeTo(dir.resolve("broker"));
        broker = MosquittoProcess.start(dir, Files.readString(files.mosquittoConf()), passwordPort, tlsPort);
        passwordUrl = "tcp://127.0.0.1:" + passwordPort;
    }

    @AfterAll
    static void stopMosquitto() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeClients() {
        for (MqttClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(1000);
                }
                client.close();
            } catch (MqttException e) {
                // Already gone.
            }
        }
    }

    @Test
    void aDevicesRecordsReachTheCentreOnlyFromUnderItsOwnPrefix() throws Exception {
        Inbox centre = new Inbox(connectCentral("probe-records"), Topics.ALL_RECORDS);
        MqttClient a = connectDevice(A);

        a.publish(new Topics(A).record(RecordType.APPLICATION), bytes("a-own"), 1, false);
        a.publish(new Topics(B).record(RecordType.APPLICATION), bytes("a-posing-as-b"), 1, false);
        a.publish(new Topics(A).record(RecordType.EVENT), bytes("a-after"), 1, false);

        assertThat(centre.until("a-after")).extracting(Received::payload).containsExactly("a-own", "a-after");
    }

    @Test
    void aDeviceNeitherReadsNorForgesAnotherDevicesAcksAndCommands() throws Exception {
        MqttClient centre = connectCentral("probe-acks");
        centre.publish(new Topics(B).ack(), bytes("ack-for-b"), 1, true);
        centre.publish(new Topics(B).command(), bytes("cmd-for-b"), 1, true);
        centre.publish(new Topics(A).ack(), bytes("ack-for-a"), 1, true);
        centre.publish(new Topics(A).command(), bytes("cmd-for-a"), 1, true);
        MqttClient a = connectDevice(A);

        a.publish(new Topics(B).ack(), bytes("ack-forged-by-a"), 1, true);
        // Retained messages follow each SUBACK in order, so once the last subscription's arrives, every earlier one's has.
        Inbox seenByA = new Inbox(a, new Topics(B).ack(), new Topics(B).command(), Topics.ROOT + "/+/+/ack", new Topics(A).command());

        assertThat(seenByA.until("cmd-for-a")).extracting(Received::payload).containsExactlyInAnyOrder("ack-for-a", "cmd-for-a");
        assertThat(new Inbox(connectDevice(B), new Topics(B).ack()).next().payload()).as("B's ack, not A's forgery").isEqualTo("ack-for-b");
    }

    @Test
    void aWrongPasswordAnotherDevicesPasswordOrNoneIsRefused() {
        String passwordOfB = settings(files.device(B)).getProperty(Settings.BROKER_PASSWORD.key());
        assertRefused(A.deviceId(), "not-the-password");
        assertRefused(A.deviceId(), passwordOfB);
        assertRefused("kiosk-unknown", passwordOfB);
        assertRefused(null, null);
    }

    @Test
    void overTlsTheDevicesCertificateIsItsIdentity() throws Exception {
        Inbox centre = new Inbox(connectCentral("probe-tls"), Topics.ALL_RECORDS);
        BrokerFiles.AccountFiles own = files.device(A);
        String keystorePassword = settings(own).getProperty(Settings.TLS_CLIENT_KEYSTORE_PASSWORD.key());
        try (PahoLink link = new PahoLink()) {
            link.connect(tlsSettings(A, own.keystore(), keystorePassword), lastWill(A), new NoEvents());

            link.publish(new Topics(A).record(RecordType.APPLICATION), bytes("tls-own"), false, MqttLink.Delivery.IGNORED);
            link.publish(new Topics(B).record(RecordType.APPLICATION), bytes("tls-posing-as-b"), false, MqttLink.Delivery.IGNORED);
            link.publish(new Topics(A).record(RecordType.EVENT), bytes("tls-after"), false, MqttLink.Delivery.IGNORED);

            assertThat(centre.until("tls-after")).extracting(Received::payload).containsExactly("tls-own", "tls-after");
        }
        // A's certificate with B's username and password still speaks as A: the username comes from the certificate.
        Properties ofB = settings(files.device(B));
        LinkSettings claimingB = tlsSettings(A, own.keystore(), keystorePassword);
        claimingB = new LinkSettings(claimingB.brokerUrls(), "doudi-claims-b", Optional.of(B.deviceId()),
                Optional.of(ofB.getProperty(Settings.BROKER_PASSWORD.key())), claimingB.tls(), PATIENCE, PATIENCE, 32, false);
        try (PahoLink link = new PahoLink()) {
            link.connect(claimingB, lastWill(A), new NoEvents());

            link.publish(new Topics(B).record(RecordType.APPLICATION), bytes("claims-b"), false, MqttLink.Delivery.IGNORED);
            link.publish(new Topics(A).record(RecordType.EVENT), bytes("still-a"), false, MqttLink.Delivery.IGNORED);

            assertThat(centre.until("still-a")).extracting(Received::payload).containsExactly("still-a");
        }
    }

    @Test
    void overTlsWithoutAClientCertificateOrWithOneFromAnotherCaTheBrokerRefuses() throws Exception {
        try (PahoLink link = new PahoLink()) {
            assertThatThrownBy(() -> link.connect(tlsSettings(A, null, null), lastWill(A), new NoEvents()))
                    .isInstanceOf(LinkException.class);
        }
        BrokerCertificates stranger = BrokerCertificates.newAuthority("Someone else's CA");
        Path foreign = dir.resolve("foreign.p12");
        Files.write(foreign, SecretFiles.pkcs12(stranger.clientCertificate(A), stranger.authority().certificate(), "kiosk-a", "pw"));
        try (PahoLink link = new PahoLink()) {
            assertThatThrownBy(() -> link.connect(tlsSettings(A, foreign, "pw"), lastWill(A), new NoEvents()))
                    .isInstanceOf(LinkException.class);
        }
    }

    @Test
    void theReferenceReceiverStoresAndAcknowledgesWithinItsCentralAccount() throws Exception {
        Properties own = settings(files.central(CENTRAL));
        ReceiverSettings receiverSettings = ReceiverSettings.defaults(List.of(own.getProperty(Settings.BROKER_URL.key())), CENTRAL.name())
                .withCredentials(own.getProperty(Settings.BROKER_USERNAME.key()), own.getProperty(Settings.BROKER_PASSWORD.key()))
                .withCleanSession();
        Inbox statuses = new Inbox(connectCentral("probe-status"), CentralReceiver.statusTopic(CENTRAL.name()));
        try (CentralReceiver receiver = new CentralReceiver(receiverSettings, SqliteReceivedStore.open(dir.resolve("received.db")))) {
            receiver.start();
            // The receiver announces itself after subscribing, and only if the ACL lets it write its status.
            assertThat(statuses.next().payload()).contains("\"online\"");
            MqttClient c = connectDevice(C);
            Inbox acks = new Inbox(c, new Topics(C).ack());

            c.publish(new Topics(C).record(RecordType.WELFARE_CHECK), EnvelopeCodec.encode(TestEnvelopes.envelope(C, 1)), 1, false);

            assertThat(Ack.decode(acks.next().payload().getBytes(StandardCharsets.UTF_8)).upTo()).isEqualTo(1);
        }
    }

    private MqttClient connectDevice(DeviceIdentity device) throws MqttException {
        Properties own = settings(files.device(device));
        return connect("doudi-" + device.deviceId(), own.getProperty(Settings.BROKER_USERNAME.key()),
                own.getProperty(Settings.BROKER_PASSWORD.key()));
    }

    private MqttClient connectCentral(String clientId) throws MqttException {
        Properties own = settings(files.central(CENTRAL));
        return connect(clientId, own.getProperty(Settings.BROKER_USERNAME.key()), own.getProperty(Settings.BROKER_PASSWORD.key()));
    }

    private MqttClient connect(String clientId, String username, String password) throws MqttException {
        MqttClient client = new MqttClient(passwordUrl, clientId, new MemoryPersistence());
        clients.add(client);
        client.setTimeToWait(PATIENCE.toMillis());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setConnectionTimeout((int) PATIENCE.toSeconds());
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
        return client;
    }

    private void assertRefused(String username, String password) {
        assertThatThrownBy(() -> connect("doudi-refused", username, password))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .as("CONNACK bad credentials (4) or not authorised (5)")
                        .isIn((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION, (int) MqttException.REASON_CODE_NOT_AUTHORIZED));
    }

    /** What the agent itself would use, from the device's generated settings; a null keystore means none. */
    private static LinkSettings tlsSettings(DeviceIdentity device, Path keystore, String keystorePassword) {
        Properties own = settings(files.device(device));
        LinkSettings.Tls tls = new LinkSettings.Tls(Optional.of(files.device(device).caCertificate()),
                Optional.ofNullable(keystore), Optional.ofNullable(keystorePassword));
        return new LinkSettings(List.of(own.getProperty(Settings.BROKER_URL.key())), "doudi-" + device.deviceId(),
                Optional.of(own.getProperty(Settings.BROKER_USERNAME.key())), Optional.of(own.getProperty(Settings.BROKER_PASSWORD.key())),
                Optional.of(tls), PATIENCE, PATIENCE, 32, false);
    }

    private static LinkSettings.LastWill lastWill(DeviceIdentity device) {
        return new LinkSettings.LastWill(new Topics(device).status(), bytes("{\"v\":1,\"state\":\"offline\"}"));
    }

    private static Properties settings(BrokerFiles.AccountFiles account) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(account.settings(), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record Received(String topic, String payload) {
    }

    /** Messages one client receives on the given subscriptions, made in order. */
    private static final class Inbox {
        private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();

        Inbox(MqttClient client, String... filters) throws MqttException {
            for (String filter : filters) {
                client.subscribe(filter, 1, (topic, message) ->
                        queue.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8))));
            }
        }

        Received next() throws InterruptedException {
            Received received = queue.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(received).as("a message within " + PATIENCE).isNotNull();
            return received;
        }

        /** Everything received up to and including the first message with this payload. */
        List<Received> until(String payload) throws InterruptedException {
            List<Received> seen = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                Received received = queue.poll(100, TimeUnit.MILLISECONDS);
                if (received != null) {
                    seen.add(received);
                    if (received.payload().equals(payload)) {
                        return seen;
                    }
                }
            }
            throw new AssertionError("'" + payload + "' not received within " + PATIENCE + "; received " + seen
                    + "; broker log:\n" + broker.log());
        }
    }

    private static final class NoEvents implements MqttLink.Events {
        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
        }
    }
}
