package org.doudi.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.doudi.app.Agent;
import org.doudi.config.AgentConfig;
import org.doudi.config.Settings;
import org.doudi.link.LinkSupervisor;
import org.doudi.outbox.OutboxCounts;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.OutboxOptions;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.doudi.protocol.Topics;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.NewRecord;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Backlog drain: a pre-filled outbox is sent to Mosquitto on loopback (QoS 1, no subscriber, no centre),
 * by the agent (drain.rate=0, mqtt.inflight-window=32) and by a bare Paho client publishing the very same
 * envelope bytes with a window of 32. Runs alternate, after a warm-up of each.
 * Usage: {@code DrainBench [records=100000] [repetitions=3] [broker=tcp://127.0.0.1:1883]}.
 */
public final class DrainBench {
    private static final int WINDOW = 32;
    private static final int PREQUEUE_BATCH = 5000;
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(600);

    /** An outbox full of pending records, and the same envelopes in memory for the bare client. */
    record Backlog(Path dir, String deviceId, List<String> types, List<byte[]> envelopes) {
    }

    /** Doudi: from Agent.start to the last PUBLISHED; also from the link coming up. */
    record DoudiRun(double fromStart, double fromConnected) {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String broker = args.length > 2 ? args[2] : "tcp://127.0.0.1:1883";
        Path root = Samples.dataRoot("drain");
        Samples samples = new Samples(2000);
        System.out.printf("Drain: %,d records per run to %s, window %d, %d repetitions; data in %s (%s); load %s%n%n",
                records, broker, WINDOW, repetitions, root, Samples.filesystem(root), loadAverage());
        List<Double> doudi = new ArrayList<>();
        List<Double> doudiConnected = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        try {
            Backlog warm = backlog(root, "warm-up", Math.min(records, 10_000), samples);
            drainWithDoudi(warm, broker);
            publishBare(warm, broker);
            for (int rep = 0; rep < repetitions; rep++) {
                Backlog b = backlog(root, "rep-" + rep, records, samples);
                boolean doudiFirst = rep % 2 == 0;
                double bareSeconds = 0;
                if (!doudiFirst) {
                    bareSeconds = publishBare(b, broker);
                }
                DoudiRun d = drainWithDoudi(b, broker);
                if (doudiFirst) {
                    bareSeconds = publishBare(b, broker);
                }
                doudi.add(records / d.fromStart());
                doudiConnected.add(records / d.fromConnected());
                bare.add(records / bareSeconds);
                System.err.printf("  rep %d (%s first): doudi %.2f s (%.2f s after connect), bare paho %.2f s%n",
                        rep + 1, doudiFirst ? "doudi" : "bare", d.fromStart(), d.fromConnected(), bareSeconds);
                Samples.deleteTree(b.dir());
            }
        } finally {
            Samples.deleteTree(root);
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Doudi agent, from Agent.start (open, connect, drain)", Stats.perSecond(Stats.median(doudi)),
                range(doudi)));
        rows.add(List.of("Doudi agent, from link up", Stats.perSecond(Stats.median(doudiConnected)),
                range(doudiConnected)));
        rows.add(List.of("bare Paho MqttAsyncClient, first publish to last PUBACK", Stats.perSecond(Stats.median(bare)),
                range(bare)));
        Stats.table(List.of("subject", "records/s (median)", "range over runs"), rows);
        System.out.printf("Doudi / bare: %.2f× from start, %.2f× from link up (target >= 0.80); load %s%n",
                Stats.median(doudi) / Stats.median(bare), Stats.median(doudiConnected) / Stats.median(bare),
                loadAverage());
    }

    private static String range(List<Double> v) {
        return Stats.perSecond(v.stream().mapToDouble(d -> d).min().orElse(0)) + "–"
                + Stats.perSecond(v.stream().mapToDouble(d -> d).max().orElse(0));
    }

    /** Fills a fresh outbox in large batches (one commit each), then reads its envelopes back. */
    static Backlog backlog(Path root, String name, int records, Samples samples) throws Exception {
        Path dir = root.resolve(name);
        String deviceId = Samples.uniqueDeviceId("drain");
        try (SqliteOutbox outbox = OutboxOpener.open(OutboxOptions.defaults(dir), Optional.of(deviceId),
                Optional.of(Samples.TOWNSHIP), true).outbox()) {
            for (int from = 0; from < records; from += PREQUEUE_BATCH) {
                List<NewRecord> batch = new ArrayList<>(PREQUEUE_BATCH);
                for (int i = from; i < Math.min(records, from + PREQUEUE_BATCH); i++) {
                    batch.add(samples.fresh(i));
                }
                outbox.append(batch);
            }
        }
        List<String> types = new ArrayList<>(records);
        List<byte[]> envelopes = new ArrayList<>(records);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("outbox.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT type, envelope FROM records ORDER BY seq")) {
            while (rs.next()) {
                types.add(rs.getString(1));
                envelopes.add(rs.getBytes(2));
            }
        }
        return new Backlog(dir, deviceId, types, envelopes);
    }

    static DoudiRun drainWithDoudi(Backlog backlog, String broker) throws Exception {
        int records = backlog.envelopes().size();
        AgentConfig config = AgentConfig.of(Map.of(
                Settings.DATA_DIR.key(), backlog.dir().toString(),
                Settings.DEVICE_ID.key(), backlog.deviceId(),
                Settings.TOWNSHIP.key(), Samples.TOWNSHIP,
                Settings.BROKER_URL.key(), broker,
                Settings.DRAIN_RATE.key(), "0",
                Settings.INFLIGHT_WINDOW.key(), Integer.toString(WINDOW)));
        long start = System.nanoTime();
        long connected = 0;
        long end;
        try (Agent agent = Agent.start(config)) {
            // publishedTotal() is a counter the drainer bumps after markPublished commits: cheap to poll.
            while (agent.publishedTotal() < records) {
                if (connected == 0 && agent.linkState() == LinkSupervisor.State.CONNECTED) {
                    connected = System.nanoTime();
                }
                if (System.nanoTime() - start > GIVE_UP_NANOS) {
                    throw new IllegalStateException("drain did not finish: " + agent.publishedTotal() + " published");
                }
                Thread.sleep(1);
            }
            end = System.nanoTime();
            OutboxCounts counts = agent.counts();
            // ACKNOWLEDGED only appears if some centre listens on the broker; no centre is part of this benchmark.
            if (counts.count(OutboxState.PENDING) + counts.count(OutboxState.SENDING) != 0
                    || counts.count(OutboxState.PUBLISHED) + counts.count(OutboxState.ACKNOWLEDGED) != records) {
                throw new IllegalStateException("unexpected outbox state after drain: " + counts.byState());
            }
            if (counts.count(OutboxState.ACKNOWLEDGED) > 0) {
                System.err.printf("  note: %d records were acknowledged: a centre is listening on %s%n",
                        counts.count(OutboxState.ACKNOWLEDGED), broker);
            }
        }
        return new DoudiRun(Stats.seconds(start, end), Stats.seconds(connected == 0 ? start : connected, end));
    }

    /** The peer: the same bytes, QoS 1, a semaphore window of 32, timed from first publish to last PUBACK. */
    private static double publishBare(Backlog backlog, String broker) throws Exception {
        int records = backlog.envelopes().size();
        Topics topics = new Topics(new DeviceIdentity(Samples.uniqueDeviceId("bare"), Samples.TOWNSHIP));
        List<String> topicNames = backlog.types().stream().map(t -> topics.prefix() + "/rec/" + t).toList();
        MqttAsyncClient client = new MqttAsyncClient(broker, "doudi-" + topics.device().deviceId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(40);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options).waitForCompletion(10_000);
        Semaphore window = new Semaphore(WINDOW);
        CountDownLatch acknowledged = new CountDownLatch(records);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        IMqttActionListener onPuback = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
                acknowledged.countDown();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                failure.compareAndSet(null, cause);
                window.release();
                acknowledged.countDown();
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < records; i++) {
            window.acquire();
            client.publish(topicNames.get(i), backlog.envelopes().get(i), 1, false, null, onPuback);
        }
        if (!acknowledged.await(GIVE_UP_NANOS, TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("bare publisher: PUBACKs missing");
        }
        long end = System.nanoTime();
        try {
            client.disconnect().waitForCompletion(5000);
        } catch (MqttException ignored) {
            // Timing is done; a slow goodbye does not matter.
        }
        client.close();
        if (failure.get() != null) {
            throw new IllegalStateException("bare publisher: a publish failed", failure.get());
        }
        return Stats.seconds(start, end);
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0] + " (1-min)";
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
