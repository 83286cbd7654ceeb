package org.doudi.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.doudi.app.Agent;
import org.doudi.config.AgentConfig;
import org.doudi.config.Settings;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.OutboxOptions;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.doudi.security.Keys;
import org.doudi.record.RecordIds;
import org.sqlite.SQLiteConfig;

/**
 * Durable enqueue: how many records per second reach the disk with an fsync behind each "saved".
 * Seven subjects, each timed for a fixed window per repetition, in rotating order so that drift of the
 * machine (other tenants, page cache) hits all of them alike:
 * <ol>
 *   <li>raw-1: plain sqlite-jdbc, one INSERT + commit per record, same pragmas as the outbox;</li>
 *   <li>outbox-1: {@link SqliteOutbox#append} with one record per call;</li>
 *   <li>agent-1 / agent-8: {@link Agent#submit} from 1 or 8 producer threads (group commit); the agent's
 *       broker is tcp://127.0.0.1:1, where nothing answers, so nothing drains during the benchmark;</li>
 *   <li>raw-8: the raw loop on 8 threads, each with its own connection, each committing its own record;</li>
 *   <li>sealed-1 / sealed-8: agent-1 / agent-8 on an enrolled device: each payload sealed (HPKE), each
 *       envelope signed (Ed25519) — the price of end-to-end protection.</li>
 * </ol>
 * Usage: {@code EnqueueBench [seconds-per-run=3] [repetitions=5] [subjects=all, e.g. raw-1,outbox-1]}.
 */
public final class EnqueueBench {
    private static final int PRODUCERS = 8;

    /** Durably stores the i-th record of one producer thread. */
    @FunctionalInterface
    private interface Store {
        void store(int producer, int i) throws Exception;
    }

    private record Subject(String name, String what, int threads, Store store) {
    }

    private record Run(long records, double seconds, double p50, double p99, double p999) {
        double perSecond() {
            return records / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Optional<List<String>> only = args.length > 2 ? Optional.of(List.of(args[2].split(","))) : Optional.empty();
        Path root = Samples.dataRoot("enqueue");
        Samples samples = new Samples(2000);
        String deviceId = Samples.uniqueDeviceId("enq");
        List<byte[]> envelopes = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            envelopes.add(samples.envelope(i, deviceId, i + 1));
        }
        System.out.printf("Durable enqueue: data in %s, filesystem %s; %.1f s per run, %d repetitions, "
                + "mean envelope %d bytes%n%n", root, Samples.filesystem(root), seconds, repetitions,
                envelopes.stream().mapToInt(b -> b.length).sum() / envelopes.size());

        RawTable raw1 = new RawTable(root.resolve("raw-1"), 1);
        RawTable raw8 = new RawTable(root.resolve("raw-8"), PRODUCERS);
        SqliteOutbox outbox = OutboxOpener.open(OutboxOptions.defaults(root.resolve("outbox-1")),
                Optional.of(deviceId), Optional.of(Samples.TOWNSHIP), true).outbox();
        Agent agent = Agent.start(AgentConfig.of(Map.of(
                Settings.DATA_DIR.key(), root.resolve("agent").toString(),
                Settings.DEVICE_ID.key(), deviceId,
                Settings.TOWNSHIP.key(), Samples.TOWNSHIP,
                Settings.BROKER_URL.key(), "tcp://127.0.0.1:1")));
        // An enrolled device: payloads sealed to the centre at capture, envelopes signed in the storing transaction.
        Path keys = Files.createDirectories(root.resolve("keys"));
        Path deviceKey = Files.writeString(keys.resolve("device.key"), Keys.DeviceSigningKey.generate().toPem());
        Path centralKey = Files.writeString(keys.resolve("centre.pub"),
                Keys.CentralPrivateKey.generate().publicKey().toPem());
        Agent enrolled = Agent.start(AgentConfig.of(Map.of(
                Settings.DATA_DIR.key(), root.resolve("enrolled").toString(),
                Settings.DEVICE_ID.key(), deviceId + "-e",
                Settings.TOWNSHIP.key(), Samples.TOWNSHIP,
                Settings.BROKER_URL.key(), "tcp://127.0.0.1:1",
                Settings.SECURITY_DEVICE_KEY.key(), deviceKey.toString(),
                Settings.SECURITY_CENTRAL_KEY.key(), centralKey.toString())));
        int n = samples.size();
        List<Subject> subjects = java.util.stream.Stream.of(
                new Subject("raw-1", "(a) sqlite-jdbc INSERT + commit, 1 thread", 1,
                        (p, i) -> raw1.insert(0, envelopes.get(i % n), samples.type(i).wireName())),
                new Subject("outbox-1", "(b) SqliteOutbox.append, 1 record per call", 1,
                        (p, i) -> outbox.append(List.of(samples.fresh(i)))),
                new Subject("agent-1", "(c) Agent.submit, 1 producer", 1,
                        (p, i) -> agent.submit(samples.type(i), samples.payload(i))),
                new Subject("agent-8", "(c) Agent.submit, 8 producers (group commit)", PRODUCERS,
                        (p, i) -> agent.submit(samples.type(p * 131 + i), samples.payload(p * 131 + i))),
                new Subject("raw-8", "(d) sqlite-jdbc INSERT + commit, 8 threads, 8 connections", PRODUCERS,
                        (p, i) -> raw8.insert(p, envelopes.get((p * 131 + i) % n), samples.type(p * 131 + i).wireName())),
                new Subject("sealed-1", "(e) Agent.submit, enrolled (sealed + signed), 1 producer", 1,
                        (p, i) -> enrolled.submit(samples.type(i), samples.payload(i))),
                new Subject("sealed-8", "(e) Agent.submit, enrolled (sealed + signed), 8 producers", PRODUCERS,
                        (p, i) -> enrolled.submit(samples.type(p * 131 + i), samples.payload(p * 131 + i))))
                .filter(s -> only.map(names -> names.contains(s.name())).orElse(true))
                .toList();
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("no subject is named " + args[2]
                    + "; the names are raw-1, outbox-1, agent-1, agent-8, raw-8, sealed-1, sealed-8");
        }

        Map<String, List<Run>> runs = new LinkedHashMap<>();
        subjects.forEach(s -> runs.put(s.name(), new ArrayList<>()));
        try {
            for (Subject s : subjects) {
                run(s, Math.min(1, seconds)); // warm-up: JIT, page cache, WAL file
            }
            for (int rep = 0; rep < repetitions; rep++) {
                for (int k = 0; k < subjects.size(); k++) {
                    Subject s = subjects.get((rep + k) % subjects.size());
                    Run r = run(s, seconds);
                    runs.get(s.name()).add(r);
                    System.err.printf("  rep %d %-17s %8.0f rec/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %7.2f ms%n",
                            rep + 1, s.name(), r.perSecond(), r.p50(), r.p99(), r.p999());
                }
            }
        } finally {
            agent.close();
            enrolled.close();
            outbox.close();
            raw1.close();
            raw8.close();
            Samples.deleteTree(root);
        }
        report(subjects, runs);
    }

    private static Run run(Subject s, double seconds) throws InterruptedException {
        Stats[] latencies = new Stats[s.threads()];
        long[] done = new long[s.threads()];
        Throwable[] failure = new Throwable[1];
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong lastEnd = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long[] deadline = new long[1];
        for (int t = 0; t < s.threads(); t++) {
            int producer = t;
            latencies[t] = new Stats();
            threads.add(Thread.ofPlatform().name("producer-" + t).start(() -> {
                try {
                    go.await();
                    int i = 0;
                    while (System.nanoTime() < deadline[0]) {
                        long t0 = System.nanoTime();
                        s.store().store(producer, i++);
                        latencies[producer].add(System.nanoTime() - t0);
                    }
                    done[producer] = i;
                } catch (Throwable e) {
                    failure[0] = e;
                } finally {
                    lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                }
            }));
        }
        long start = System.nanoTime();
        deadline[0] = start + (long) (seconds * 1e9);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException(s.name() + " failed", failure[0]);
        }
        Stats all = new Stats();
        for (Stats l : latencies) {
            all.addAll(l);
        }
        long records = 0;
        for (long d : done) {
            records += d;
        }
        return new Run(records, Stats.seconds(start, lastEnd.get()), all.percentileMillis(50), all.percentileMillis(99),
                all.percentileMillis(99.9));
    }

    private static void report(List<Subject> subjects, Map<String, List<Run>> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (Subject s : subjects) {
            List<Run> r = runs.get(s.name());
            List<Double> rates = r.stream().map(Run::perSecond).toList();
            rows.add(List.of(s.what(), Stats.perSecond(Stats.median(rates)),
                    Stats.perSecond(rates.stream().mapToDouble(d -> d).min().orElse(0)) + "–"
                            + Stats.perSecond(rates.stream().mapToDouble(d -> d).max().orElse(0)),
                    Stats.millis(Stats.median(r.stream().map(Run::p50).toList())),
                    Stats.millis(Stats.median(r.stream().map(Run::p99).toList())),
                    Stats.millis(Stats.median(r.stream().map(Run::p999).toList()))));
        }
        Stats.table(List.of("subject", "records/s (median)", "range over runs", "p50 ms", "p99 ms", "p99.9 ms"), rows);
        System.out.printf("(b)/(a) outbox-1 vs raw-1: %s (median of per-repetition ratios; target >= 0.80)%n",
                ratio(runs.get("outbox-1"), runs.get("raw-1")));
        System.out.printf("agent-1 vs raw-1: %s, agent-1 vs outbox-1: %s%n", ratio(runs.get("agent-1"), runs.get("raw-1")),
                ratio(runs.get("agent-1"), runs.get("outbox-1")));
        System.out.printf("group commit: agent-8 vs agent-1: %s, agent-8 vs raw-8: %s%n",
                ratio(runs.get("agent-8"), runs.get("agent-1")), ratio(runs.get("agent-8"), runs.get("raw-8")));
        System.out.printf("end-to-end protection: sealed-1 vs agent-1: %s, sealed-8 vs agent-8: %s%n",
                ratio(runs.get("sealed-1"), runs.get("agent-1")), ratio(runs.get("sealed-8"), runs.get("agent-8")));
    }

    /** Runs of the same repetition were taken back to back, so their ratio cancels slow drift. */
    private static String ratio(List<Run> numerator, List<Run> denominator) {
        if (numerator == null || denominator == null) {
            return "not measured";
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < numerator.size(); i++) {
            ratios.add(numerator.get(i).perSecond() / denominator.get(i).perSecond());
        }
        return String.format("%.2f×", Stats.median(ratios));
    }

    /**
     * The raw limit: the outbox's table (same columns and indexes) and connection settings, without the
     * outbox's sequence bookkeeping. Autocommit, so every INSERT is its own transaction and commit.
     */
    private static final class RawTable implements AutoCloseable {
        private final Connection[] connections;
        private final PreparedStatement[] inserts;
        private final AtomicLong seq = new AtomicLong();

        RawTable(Path dir, int connectionCount) throws SQLException {
            java.io.File d = dir.toFile();
            if (!d.mkdirs() && !d.isDirectory()) {
                throw new IllegalStateException("cannot create " + dir);
            }
            connections = new Connection[connectionCount];
            inserts = new PreparedStatement[connectionCount];
            for (int i = 0; i < connectionCount; i++) {
                SQLiteConfig config = new SQLiteConfig();
                config.setPageSize(4096);
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
                config.setBusyTimeout(30_000);
                config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
                config.setGetGeneratedKeys(false); // as the outbox's connections
                connections[i] = config.createConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
                if (i == 0) {
                    try (Statement s = connections[0].createStatement()) {
                        s.execute("""
                                CREATE TABLE records(seq INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE,
                                  type TEXT NOT NULL, priority INTEGER NOT NULL, state INTEGER NOT NULL DEFAULT 0,
                                  envelope BLOB NOT NULL, enqueued_at INTEGER NOT NULL, published_at INTEGER,
                                  acked_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0, shed INTEGER NOT NULL DEFAULT 0)""");
                        // The agent's indexes and no more: it dropped its index on state (docs/benchmarks.md §2).
                        s.execute("CREATE INDEX send_order ON records(priority, seq) WHERE state = 0");
                    }
                }
                inserts[i] = connections[i].prepareStatement(
                        "INSERT INTO records(seq, record_id, type, priority, state, envelope, enqueued_at) VALUES (?,?,?,?,0,?,?)");
            }
        }

        void insert(int connection, byte[] envelope, String type) throws SQLException {
            PreparedStatement ps = inserts[connection];
            ps.setLong(1, seq.incrementAndGet());
            ps.setString(2, RecordIds.next());
            ps.setString(3, type);
            ps.setInt(4, 1);
            ps.setBytes(5, envelope);
            ps.setLong(6, System.currentTimeMillis());
            ps.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            for (int i = 0; i < connections.length; i++) {
                inserts[i].close();
                connections[i].close();
            }
        }
    }
}
