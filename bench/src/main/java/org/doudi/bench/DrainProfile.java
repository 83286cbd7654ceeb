package org.doudi.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.doudi.outbox.Outgoing;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.OutboxOptions;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.sqlite.SQLiteConfig;

/**
 * Where the agent's drain time goes, for when {@link DrainBench} falls short:
 * <ol>
 *   <li>the cost of one claim transaction (up to 32 records) and one markPublished batch as the backlog
 *       grows, next to the same statements with the send-order index forced (what a fix could reach);</li>
 *   <li>a sampled drain: in which step the agent's drainer thread is, every millisecond.</li>
 * </ol>
 * Usage: {@code DrainProfile [records-for-sampled-drain=20000] [broker=tcp://127.0.0.1:1883]}.
 */
public final class DrainProfile {
    private static final int CLAIMS = 20;
    private static final int WINDOW = 32;

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
                DrainBench.DoudiRun run = DrainBench.drainWithDoudi(b, broker);
                System.out.printf("Sampled drain of %,d records: %.2f s (%,.0f records/s)%n", records, run.fromStart(),
                        records / run.fromStart());
                sampler.report();
            }
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
        SQLiteConfig bookkeeping = new SQLiteConfig(); // as the outbox's bookkeeping connection
        bookkeeping.setJournalMode(SQLiteConfig.JournalMode.WAL);
        bookkeeping.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        bookkeeping.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        try (Connection c = bookkeeping.createConnection("jdbc:sqlite:" + dir.resolve("outbox.db"));
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
                c.commit();
                c.setAutoCommit(true);
                times.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return times;
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
                if (f.getClassName().endsWith("SqliteOutbox") && !f.getMethodName().startsWith("lambda$")) {
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
