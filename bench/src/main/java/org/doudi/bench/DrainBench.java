package org.doudi.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.doudi.record.RecordType;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Backlog drain: a pre-filled outbox is sent to Mosquitto on loopback (QoS 1, no subscriber, no centre),
 * by the agent (drain.rate=0, mqtt.inflight-window=32) and by a bare Paho client publishing the very same
 * envelope bytes with a window of 32. Runs alternate (Doudi first in odd repetitions), after a warm-up of
 * 20,000 records each. The bare client is timed from its first publish to its last PUBACK; the agent, for
 * the same stretch, from its link being up (connected, subscribed, online status sent) to the last PUBACK
 * recorded in the outbox — and also from {@code Agent.start}, which adds opening the outbox and Paho
 * 1.2.5's connect (some 300 ms: its three threads each sleep 100 ms while starting). An agent run that
 * has not finished at the cap counts what it published by then, so that a slow agent cannot stretch the
 * benchmark beyond a few minutes; the report says when that happened.
 * Usage: {@code DrainBench [records=100000] [repetitions=3] [broker=tcp://127.0.0.1:1883] [cap-seconds=40]
 * [mix=mixed|a record type]}.
 */
public final class DrainBench {
    static final int WINDOW = 32;
    private static final int WARM_UP = 20_000;
    private static final int PREQUEUE_BATCH = 5000;
    private static final String DOUDI = "Doudi agent, link up to last PUBACK recorded";
    private static final String DOUDI_WHOLE = "Doudi agent, from Agent.start (open outbox, connect, drain)";
    private static final String BARE = "bare Paho MqttAsyncClient, first publish to last PUBACK";

    /** An outbox full of pending records, and the same envelopes in memory for the bare client. */
    record Backlog(Path dir, String deviceId, List<String> types, List<byte[]> envelopes) {
    }

    /** Doudi: seconds from Agent.start, and from link up, until all were published, or until the cap. */
    record DoudiRun(double fromStart, double fromLinkUp, long published, boolean capped) {
        double perSecond() {
            return published / fromLinkUp;
        }

        double perSecondFromStart() {
            return published / fromStart;
        }
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String broker = args.length > 2 ? args[2] : "tcp://127.0.0.1:1883";
        double capSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 40;
        // "mixed": all five types in turn, so five priorities interleaved record by record; or one type.
        String mix = args.length > 4 ? args[4] : "mixed";
        List<RecordType> types = mix.equals("mixed") ? List.of(RecordType.values())
                : List.of(RecordType.fromWireName(mix).orElseThrow(() -> new IllegalArgumentException(
                        "backlog mix must be \"mixed\" or a record type such as welfare_check, not " + mix)));
        Path root = Samples.dataRoot("drain");
        Samples samples = new Samples(2000, types);
        System.out.printf("Drain: %,d records per run to %s, window %d, %d repetitions, agent runs capped at %.0f s;"
                + " backlog %s; data in %s (%s); load %s%n%n", records, broker, WINDOW, repetitions, capSeconds,
                mix, root, Samples.filesystem(root), loadAverage());
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        rates.put(DOUDI, new ArrayList<>());
        rates.put(DOUDI_WHOLE, new ArrayList<>());
        rates.put(BARE, new ArrayList<>());
        List<String> capped = new ArrayList<>();
        try {
            // Enough for the JIT to compile both paths fully: after 5,000 records the agent's longer path
            // still ran its first timed repetitions partly unoptimised (17,000/s rising to 25,000/s).
            Backlog warm = backlog(root, "warm-up", Math.min(records, WARM_UP), samples);
            drainWithDoudi(warm, broker, capSeconds);
            publishBare(warm, broker);
            for (int rep = 0; rep < repetitions; rep++) {
                Backlog backlog = backlog(root, "rep-" + rep, records, samples);
                boolean doudiFirst = rep % 2 == 0;
                for (String subject : doudiFirst ? List.of(DOUDI, BARE) : List.of(BARE, DOUDI)) {
                    if (subject.equals(BARE)) {
                        report(rates, rep, BARE, records / publishBare(backlog, broker));
                    } else {
                        DoudiRun run = drainWithDoudi(backlog, broker, capSeconds);
                        report(rates, rep, DOUDI, run.perSecond());
                        report(rates, rep, DOUDI_WHOLE, run.perSecondFromStart());
                        if (run.capped()) {
                            capped.add(String.format("rep %d: %,d of %,d published", rep + 1, run.published(), records));
                        }
                    }
                }
                Samples.deleteTree(backlog.dir());
            }
        } finally {
            Samples.deleteTree(root);
        }
        List<List<String>> rows = new ArrayList<>();
        rates.forEach((subject, r) -> rows.add(List.of(subject, Stats.perSecond(Stats.median(r)), range(r))));
        Stats.table(List.of("subject", "records/s (median)", "range over runs"), rows);
        if (!capped.isEmpty()) {
            System.out.printf("Agent runs stopped at the %.0f s cap (rate = published / %.0f s): %s%n", capSeconds,
                    capSeconds, String.join("; ", capped));
        }
        // Runs of one repetition were taken back to back, so their ratio cancels the machine's slow drift.
        List<Double> pairs = new ArrayList<>();
        for (int rep = 0; rep < repetitions; rep++) {
            pairs.add(rates.get(DOUDI).get(rep) / rates.get(BARE).get(rep));
        }
        System.out.printf("Doudi / bare: %.3f× (median of per-repetition ratios, range %.3f–%.3f; ratio of medians"
                        + " %.3f×; target >= 0.80); load %s%n", Stats.median(pairs),
                pairs.stream().mapToDouble(d -> d).min().orElse(0), pairs.stream().mapToDouble(d -> d).max().orElse(0),
                Stats.median(rates.get(DOUDI)) / Stats.median(rates.get(BARE)), loadAverage());
    }

    private static void report(Map<String, List<Double>> rates, int rep, String subject, double perSecond) {
        rates.get(subject).add(perSecond);
        System.err.printf("  rep %d %-62s %,9.0f records/s%n", rep + 1, subject, perSecond);
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

    static DoudiRun drainWithDoudi(Backlog backlog, String broker, double capSeconds) throws Exception {
        int records = backlog.envelopes().size();
        AgentConfig config = AgentConfig.of(Map.of(
                Settings.DATA_DIR.key(), backlog.dir().toString(),
                Settings.DEVICE_ID.key(), backlog.deviceId(),
                Settings.TOWNSHIP.key(), Samples.TOWNSHIP,
                Settings.BROKER_URL.key(), broker,
                Settings.DRAIN_RATE.key(), "0",
                Settings.INFLIGHT_WINDOW.key(), Integer.toString(WINDOW)));
        long start = System.nanoTime();
        long cap = start + (long) (capSeconds * 1e9);
        long linkUp;
        long end;
        long published;
        try (Agent agent = Agent.start(config)) {
            while (agent.linkState() != LinkSupervisor.State.CONNECTED && System.nanoTime() < cap) {
                Thread.sleep(1);
            }
            linkUp = System.nanoTime();
            // publishedTotal() is a counter the drainer bumps after markPublished commits: cheap to poll.
            while ((published = agent.publishedTotal()) < records && System.nanoTime() < cap) {
                Thread.sleep(1);
            }
            end = System.nanoTime();
            if (published >= records) {
                checkAllPublished(agent.counts(), records, broker);
            }
        }
        return new DoudiRun(Stats.seconds(start, end), Stats.seconds(linkUp, end), Math.min(published, records),
                published < records);
    }

    private static void checkAllPublished(OutboxCounts counts, int records, String broker) {
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

    /** The peer: the same bytes, QoS 1, a semaphore window of 32, timed from first publish to last PUBACK. */
    static double publishBare(Backlog backlog, String broker) throws Exception {
        return publishBare(backlog, broker, 1);
    }

    /**
     * @param refill how many slots of the window must be free before the next burst of that many is sent:
     *     1 keeps the window full (the peer); {@code WINDOW / 4} imitates the agent's drainer before it
     *     claimed ahead (commit 04b11c8).
     */
    static double publishBare(Backlog backlog, String broker, int refill) throws Exception {
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
        for (int i = 0; i < records; ) {
            window.acquire(refill);
            for (int k = 0; k < refill && i < records; k++, i++) {
                client.publish(topicNames.get(i), backlog.envelopes().get(i), 1, false, null, onPuback);
            }
        }
        if (!acknowledged.await(2, TimeUnit.MINUTES)) {
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
