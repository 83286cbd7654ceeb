package org.doudi.central.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.doudi.central.CentralReceiver;
import org.doudi.central.ReceiverSettings;
import org.doudi.central.TestEnvelopes;
import org.doudi.link.LinkSupervisor;
import org.doudi.protocol.Ack;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.protocol.Topics;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.SeqRange;
import org.doudi.testsupport.LocalPorts;
import org.doudi.testsupport.Prerequisites;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Two inboxes share one device's records (a shared subscription on the real Mosquitto) and one PostgreSQL
 * store: every record is stored once, each inbox takes a share, and the device is acknowledged for all of
 * them — each inbox reads acks from the shared store, not from what it alone stored.
 */
class SharedInboxesTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Test
    void inboxesSharingTheRecordsStoreThemOnceAndAcknowledgeWhatAnyOfThemStored() throws Exception {
        Prerequisites.require(LocalPorts.listening(1883), "Mosquitto not reachable on 127.0.0.1:1883");
        Connection admin;
        try {
            admin = DriverManager.getConnection(SERVER);
        } catch (SQLException e) {
            Prerequisites.require(false, "PostgreSQL not reachable as postgres@127.0.0.1:5432/test — skipped");
            return;
        }
        String schema = "doudi_share_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String group = "it-share-" + UUID.randomUUID().toString().substring(0, 8);
        DeviceIdentity device = TestEnvelopes.uniqueDevice("share");
        List<CentralReceiver> inboxes = new ArrayList<>();
        List<String> clientIds = new ArrayList<>();
        BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
        MqttClient fakeDevice = new MqttClient(BROKER, "it-share-device-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        try {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            fakeDevice.connect(options);
            fakeDevice.subscribe(new Topics(device).ack(), 1, (topic, message) -> {
                if (message.getPayload().length > 0) {
                    acks.add(Ack.decode(message.getPayload()));
                }
            });
            for (int i = 0; i < 2; i++) {
                String clientId = "it-share-central-" + UUID.randomUUID().toString().substring(0, 8);
                clientIds.add(clientId);
                CentralReceiver inbox = new CentralReceiver(ReceiverSettings.defaults(List.of(BROKER), clientId)
                        .withCleanSession().withSharedSubscription(group), PostgresReceivedStore.open(SERVER, schema));
                inbox.start();
                inboxes.add(inbox);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (inboxes.stream().anyMatch(inbox -> inbox.stats().link() != LinkSupervisor.State.CONNECTED)) {
                assertThat(System.nanoTime()).as("inboxes connected in time").isLessThan(deadline);
                Thread.sleep(20);
            }
            for (long seq = 1; seq <= 40; seq++) {
                var e = TestEnvelopes.envelope(device, seq);
                fakeDevice.publish(new Topics(device).record(e.type()), EnvelopeCodec.encode(e), 1, false);
            }
            Ack all = null;
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (all == null && System.nanoTime() < until) {
                Ack ack = acks.poll(100, TimeUnit.MILLISECONDS);
                if (ack != null && ack.upTo() == 40) {
                    all = ack;
                }
            }
            assertThat(all).as("an ack for all 40 records").isNotNull();
            assertThat(inboxes).allSatisfy(inbox -> assertThat(inbox.stats().stored()).as("each inbox took a share")
                    .isPositive());
            assertThat(inboxes.stream().mapToLong(inbox -> inbox.stats().stored()).sum()).isEqualTo(40);
            try (PostgresReceivedStore check = PostgresReceivedStore.open(SERVER, schema)) {
                assertThat(check.progress(device).received()).containsExactly(new SeqRange(1, 40));
            }
        } finally {
            inboxes.forEach(CentralReceiver::close);
            if (fakeDevice.isConnected()) {
                fakeDevice.publish(new Topics(device).ack(), new byte[0], 1, true);
                for (String clientId : clientIds) {
                    fakeDevice.publish(CentralReceiver.statusTopic(clientId), new byte[0], 1, true);
                }
                fakeDevice.disconnect();
            }
            fakeDevice.close();
            try (Statement s = admin.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } finally {
                admin.close();
            }
        }
    }
}
