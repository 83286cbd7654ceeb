package org.doudi.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.doudi.link.LinkSettings;
import org.doudi.link.MqttLink;
import org.doudi.link.TokenBucket;
import org.doudi.link.paho.PahoLink;
import org.doudi.outbox.Outbox;
import org.doudi.outbox.OutboxCounts;
import org.doudi.outbox.OutboxFull;
import org.doudi.outbox.Outgoing;
import org.doudi.outbox.Receipt;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.OutboxOptions;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.doudi.protocol.Topics;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.NewRecord;
import org.doudi.record.RecordType;
import org.doudi.record.SeqRange;
import org.doudi.sync.OutboxDrainer;
import org.sqlite.SQLiteConfig;

/**
 * Where the agent's drain time goes, for when {@link DrainBench} falls short:
 * <ol>
 *   <li>the cost of one claim transaction (up to 32 records) and one markPublished batch as the backlog
 *       grows, next to the same statements with the send-order index forced (what a fix could reach);</li>
 *   <li>a sampled drain: in which step the agent's drainer thread is, every millisecond;</li>
 *   <li>a what-if: the agent's own drainer and Paho link wired by hand over the outbox as shipped (the
 *       control) and over the outbox with only its claim statements changed to the intended plan.</li>
 * </ol>
 * Nothing of the agent is modified; the what-if lives here.
 * Usage: {@code DrainProfile [records=20000] [broker=tcp://127.0.0.1:1883]}.
 */
public final class DrainProfile {
    private static final int CLAIMS = 20;
    private static final int WINDOW = DrainBench.WINDOW;

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String broker = args.length > 1 ? args[1] : "tcp://127.0.0.1:1883";
        Path root = Samples.dataRoot("drain-profile");
        Samples samples = new Samples(2000);
        try {
            List<List<String>> rows = new ArrayList<>();
            for (int backlog : List.of(1_000, 10_000, 50_000, 100_000)) {
                rows.add(claimCost(DrainBench.backlog(root, "claims-" + backlog, backlog, samples)));
            }
            System.out.println("One claim of up to " + WINDOW + " records, and marking them published, by backlog"
                    + " (median of " + CLAIMS + " calls each):");
            Stats.table(List.of("pending records", "SqliteOutbox.claim ms", "markPublished ms",
                    "same claim, INDEXED BY send_order + PK update, ms"), rows);

            DrainBench.Backlog b = DrainBench.backlog(root, "sampled", records, samples);
            try (Sampler sampler = new Sampler()) {
                DrainBench.DoudiRun run = DrainBench.drainWithDoudi(b, broker, 300);
                System.out.printf("Sampled drain of %,d records by the agent: %.2f s (%,.0f records/s)%n", records,
                        run.fromStart(), run.perSecond());
                sampler.report();
            }

            System.out.println("What-if, " + String.format("%,d", records) + " records: the agent's own drainer and"
                    + " Paho link, wired by hand over the outbox (measured from drainer start):");
            List<List<String>> whatIf = new ArrayList<>();
            Sampler forcedSampler = null;
            for (boolean forced : List.of(false, true)) {
                DrainBench.Backlog backlog = DrainBench.backlog(root, "hand-wired-" + forced, records, samples);
                forcedSampler = forced ? new Sampler() : null;
                whatIf.add(List.of(forced ? "claim with INDEXED BY send_order, update by primary key"
                        : "SqliteOutbox as shipped (control: should match the agent)",
                        Stats.perSecond(records / handWiredDrain(backlog, broker, forced))));
                if (forced) {
                    forcedSampler.close();
                }
            }
            DrainBench.Backlog backlog = DrainBench.backlog(root, "bare", records, samples);
            whatIf.add(List.of("bare Paho, same envelopes (reference)",
                    Stats.perSecond(records / DrainBench.publishBare(backlog, broker))));
            whatIf.add(List.of("bare Paho, but waiting for " + WINDOW / 4 + " free slots before each burst, as the drainer does",
                    Stats.perSecond(records / DrainBench.publishBare(backlog, broker, WINDOW / 4))));
            Stats.table(List.of("drainer over", "records/s"), whatIf);
            System.out.println("With the intended claim plan (hand-wired):");
            forcedSampler.report();
        } finally {
            Samples.deleteTree(root);
        }
    }

    private static List<String> claimCost(DrainBench.Backlog backlog) throws Exception {
        List<Double> claim = new ArrayList<>();
        List<Double> mark = new ArrayList<>();
        try (SqliteOutbox outbox = OutboxOpener.open(OutboxOptions.defaults(backlog.dir()),
                Optional.of(backlog.deviceId()), Optional.of(Samples.TOWNSHIP), true).outbox()) {
            for (int i = 0; i < CLAIMS; i++) {
                long t0 = System.nanoTime();
                List<Outgoing> batch = outbox.claim(WINDOW);
                long t1 = System.nanoTime();
                outbox.markPublished(batch.stream().map(Outgoing::seq).toList());
                long t2 = System.nanoTime();
                claim.add((t1 - t0) / 1e6);
                mark.add((t2 - t1) / 1e6);
            }
        }
        return List.of(String.format("%,d", backlog.envelopes().size()), Stats.millis(Stats.median(claim)),
                Stats.millis(Stats.median(mark)), Stats.millis(Stats.median(forcedIndexClaims(backlog.dir()))));
    }

    /**
     * The claim with the plan the schema intends: the partial index send_order gives the order, and the
     * update finds rows by primary key. Only to show what the statements cost then; the agent is untouched.
     */
    private static List<Double> forcedIndexClaims(Path dir) throws SQLException {
        List<Double> times = new ArrayList<>();
        try (Connection c = bookkeepingConnection(dir);
                PreparedStatement select = c.prepareStatement("SELECT seq, record_id, type, envelope FROM records"
                        + " INDEXED BY send_order WHERE state = 0 ORDER BY priority, seq LIMIT " + WINDOW)) {
            for (int i = 0; i < CLAIMS; i++) {
                long t0 = System.nanoTime();
                c.setAutoCommit(false);
                List<Long> seqs = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        seqs.add(rs.getLong(1));
                        rs.getBytes(4);
                    }
                }
                String in = seqs.stream().map(String::valueOf).collect(Collectors.joining(","));
                try (PreparedStatement update = c.prepareStatement("UPDATE records SET state = 1, attempts = attempts + 1"
                        + " WHERE seq IN (" + in + ") AND +state = 0")) {
                    update.executeUpdate();
                }
                c.setAutoCommit(true); // commits, as SqliteOutbox does
                times.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return times;
    }

    /** Seconds until the agent's own {@link OutboxDrainer} on a {@link PahoLink} has published the backlog. */
    private static double handWiredDrain(DrainBench.Backlog backlog, String broker, boolean forcedPlan) throws Exception {
        int records = backlog.envelopes().size();
        SqliteOutbox sqlite = OutboxOpener.open(OutboxOptions.defaults(backlog.dir()), Optional.of(backlog.deviceId()),
                Optional.of(Samples.TOWNSHIP), true).outbox();
        Topics topics = new Topics(sqlite.identity());
        try (Outbox outbox = forcedPlan ? new ForcedPlanClaims(sqlite, backlog.dir()) : sqlite;
                PahoLink link = new PahoLink()) {
            // The values Agent.start passes for drain.rate=0, mqtt.inflight-window=32, everything else default.
            OutboxDrainer drainer = new OutboxDrainer(outbox, link, topics, new OutboxDrainer.Settings(WINDOW,
                    Duration.ofMinutes(10), Duration.ofDays(7), Duration.ofMillis(200), Duration.ofSeconds(5),
                    Duration.ofMinutes(10)), new TokenBucket(0, 1000, System::nanoTime), Clock.systemUTC());
            link.connect(new LinkSettings(List.of(broker), "doudi-" + backlog.deviceId(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(10), WINDOW + 8, false),
                    new LinkSettings.LastWill(topics.status(), "{}".getBytes(StandardCharsets.UTF_8)),
                    new MqttLink.Events() {
                        @Override
                        public void connectionLost(Throwable cause) {
                            drainer.linkDown();
                        }

                        @Override
                        public void messageArrived(String topic, byte[] payload) {
                        }
                    });
            long start = System.nanoTime();
            drainer.start();
            drainer.linkUp();
            while (drainer.publishedTotal() < records) {
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("hand-wired drain did not finish");
                }
                Thread.sleep(1);
            }
            double seconds = Stats.seconds(start, System.nanoTime());
            drainer.close();
            link.disconnect(Duration.ofSeconds(1));
            return seconds;
        }
    }

    /**
     * The outbox as shipped, except that {@link #claim} runs the plan the schema was designed for: the
     * partial index send_order yields the order, the update finds its rows by primary key.
     */
    private static final class ForcedPlanClaims implements Outbox {
        private final SqliteOutbox shipped;
        private final Connection connection;

        ForcedPlanClaims(SqliteOutbox shipped, Path dataDir) throws SQLException {
            this.shipped = shipped;
            this.connection = bookkeepingConnection(dataDir);
        }

        @Override
        public synchronized List<Outgoing> claim(int max) {
            try {
                connection.setAutoCommit(false);
                List<Outgoing> claimed = new ArrayList<>(max);
                try (PreparedStatement select = connection.prepareStatement("SELECT seq, record_id, type, envelope"
                        + " FROM records INDEXED BY send_order WHERE state = 0 ORDER BY priority, seq LIMIT ?")) {
                    select.setInt(1, max);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            claimed.add(new Outgoing(rs.getLong(1), rs.getString(2),
                                    RecordType.fromWireName(rs.getString(3)).orElse(RecordType.EVENT), rs.getBytes(4)));
                        }
                    }
                }
                if (!claimed.isEmpty()) {
                    String in = claimed.stream().map(o -> Long.toString(o.seq())).collect(Collectors.joining(","));
                    try (Statement update = connection.createStatement()) {
                        update.executeUpdate("UPDATE records SET state = 1, attempts = attempts + 1 WHERE seq IN ("
                                + in + ") AND +state = 0");
                    }
                }
                connection.setAutoCommit(true); // commits, as SqliteOutbox does
                return claimed;
            } catch (SQLException e) {
                throw new IllegalStateException("what-if claim failed", e);
            }
        }

        @Override
        public DeviceIdentity identity() {
            return shipped.identity();
        }

        @Override
        public List<Receipt> append(List<NewRecord> records) throws OutboxFull {
            return shipped.append(records);
        }

        @Override
        public void release(Collection<Long> seqs) {
            shipped.release(seqs);
        }

        @Override
        public void markPublished(Collection<Long> seqs) {
            shipped.markPublished(seqs);
        }

        @Override
        public int acknowledge(List<SeqRange> ranges) {
            return shipped.acknowledge(ranges);
        }

        @Override
        public int recoverInterruptedSends() {
            return shipped.recoverInterruptedSends();
        }

        @Override
        public int requeueUnacknowledged(Duration olderThan) {
            return shipped.requeueUnacknowledged(olderThan);
        }

        @Override
        public int purgeAcknowledged(Duration olderThan) {
            return shipped.purgeAcknowledged(olderThan);
        }

        @Override
        public OutboxCounts counts() {
            return shipped.counts();
        }

        @Override
        public long changeMarker() {
            return shipped.changeMarker();
        }

        @Override
        public Optional<String> fact(String key) {
            return shipped.fact(key);
        }

        @Override
        public void putFact(String key, String value) {
            shipped.putFact(key, value);
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Diagnostic connection; nothing to keep.
            }
            shipped.close();
        }
    }

    /** Settings of the outbox's bookkeeping connection (WAL, synchronous=NORMAL, BEGIN IMMEDIATE). */
    private static Connection bookkeepingConnection(Path dataDir) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(30_000);
        return config.createConnection("jdbc:sqlite:" + dataDir.resolve("outbox.db"));
    }

    /** Samples the agent's drainer thread about every millisecond and sorts the samples by step. */
    private static final class Sampler implements AutoCloseable {
        private final Map<String, long[]> steps = new LinkedHashMap<>();
        private final Map<String, Long> innermost = new HashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        Sampler() {
            for (String step : List.of("claim", "markPublished", "changeMarker", "putFact", "other outbox",
                    "publish (Paho)", "awaitSignal (waiting for PUBACKs)", "other")) {
                steps.put(step, new long[2]); // samples, entries into the step
            }
            thread = Thread.ofPlatform().daemon().name("drain-sampler").start(this::sampleUntilClosed);
        }

        private void sampleUntilClosed() {
            Thread drainer = null;
            String previous = "";
            while (running) {
                if (drainer == null || !drainer.isAlive()) {
                    drainer = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().equals("outbox-drainer")).findFirst().orElse(null);
                }
                if (drainer != null) {
                    StackTraceElement[] stack = drainer.getStackTrace();
                    String step = classify(stack);
                    synchronized (steps) {
                        long[] counts = steps.get(step);
                        counts[0]++;
                        counts[1] += step.equals(previous) ? 0 : 1;
                        if (stack.length > 0) {
                            innermost.merge(step + " ← " + stack[0].getClassName().replaceAll(".*\\.", "") + "."
                                    + stack[0].getMethodName(), 1L, Long::sum);
                        }
                    }
                    previous = step;
                }
                LockSupport.parkNanos(1_000_000);
            }
        }

        /** The outermost outbox method on the stack (what the drainer called), else the drainer's own step. */
        private static String classify(StackTraceElement[] stack) {
            String outboxCall = null;
            for (StackTraceElement f : stack) {
                if ((f.getClassName().endsWith("SqliteOutbox") || f.getClassName().endsWith("ForcedPlanClaims"))
                        && !f.getMethodName().startsWith("lambda$")) {
                    outboxCall = f.getMethodName();
                }
            }
            if (outboxCall != null) {
                return switch (outboxCall) {
                    case "claim", "markPublished", "changeMarker", "putFact" -> outboxCall;
                    default -> "other outbox";
                };
            }
            for (StackTraceElement f : stack) {
                if (f.getClassName().endsWith("PahoLink") && f.getMethodName().equals("publish")) {
                    return "publish (Paho)";
                }
                if (f.getClassName().endsWith("OutboxDrainer") && f.getMethodName().equals("awaitSignal")) {
                    return "awaitSignal (waiting for PUBACKs)";
                }
            }
            return "other";
        }

        void report() {
            running = false;
            synchronized (steps) {
                long total = Math.max(1, steps.values().stream().mapToLong(v -> v[0]).sum());
                List<List<String>> rows = new ArrayList<>();
                steps.forEach((step, v) -> rows.add(List.of(step, String.format("%.1f %%", 100.0 * v[0] / total),
                        Long.toString(v[1]))));
                System.out.println("Drainer thread, " + total + " samples:");
                Stats.table(List.of("step", "share of samples", "entries seen"), rows);
                System.out.println("Innermost frames, most frequent first:");
                innermost.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                        .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
                System.out.println();
            }
        }

        @Override
        public void close() {
            running = false;
        }
    }
}
