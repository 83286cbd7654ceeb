package org.doudi.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.doudi.outbox.Outgoing;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.OutboxOptions;
import org.doudi.outbox.sqlite.SqliteOutbox;

/**
 * Where the agent's drain time goes, for when {@link DrainBench} falls short:
 * <ol>
 *   <li>the cost of one claim transaction (up to 32 records) and of marking them published, as the
 *       backlog grows (it should not grow with it);</li>
 *   <li>the agent's drain next to the bare Paho peer — keeping its window full, and refilling it only a
 *       quarter window at a time (as the drainer once did) — with the CPU time each costs;</li>
 *   <li>a sampled drain: in which step the agent's drainer thread is, about every millisecond.</li>
 * </ol>
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
            Stats.table(List.of("pending records", "SqliteOutbox.claim ms", "markPublished ms"), rows);

            DrainBench.Backlog backlog = DrainBench.backlog(root, "drain", records, samples);
            List<List<String>> drains = new ArrayList<>();
            long cpu = processCpuNanos();
            DrainBench.DoudiRun run = DrainBench.drainWithDoudi(backlog, broker, 300);
            drains.add(List.of("Doudi agent, link up to last PUBACK recorded", Stats.perSecond(run.perSecond()),
                    cpuPerThousand(cpu, run.published())));
            cpu = processCpuNanos();
            double seconds = DrainBench.publishBare(backlog, broker);
            drains.add(List.of("bare Paho, same envelopes, window kept full", Stats.perSecond(records / seconds),
                    cpuPerThousand(cpu, records)));
            cpu = processCpuNanos();
            seconds = DrainBench.publishBare(backlog, broker, WINDOW / 4);
            drains.add(List.of("bare Paho, waiting for " + WINDOW / 4 + " free slots before each burst",
                    Stats.perSecond(records / seconds), cpuPerThousand(cpu, records)));
            System.out.printf("Drains of %,d records to %s:%n", records, broker);
            Stats.table(List.of("subject", "records/s", "CPU ms of this JVM per 1,000 records"), drains);

            DrainBench.Backlog sampled = DrainBench.backlog(root, "sampled", records, samples);
            try (Sampler sampler = new Sampler()) {
                run = DrainBench.drainWithDoudi(sampled, broker, 300);
                sampler.stop();
                System.out.printf("The same agent drain again with its drainer thread sampled: %,.0f records/s%n",
                        run.perSecond());
                sampler.report();
            }
        } finally {
            Samples.deleteTree(root);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the whole benchmark JVM (the agent, or the Paho client) per 1,000 records. */
    private static String cpuPerThousand(long cpuBefore, long records) {
        return String.format("%.0f", (processCpuNanos() - cpuBefore) / 1e6 / records * 1000);
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
                Stats.millis(Stats.median(mark)));
    }

    /** Samples the agent's drainer thread about every millisecond and sorts the samples by step. */
    private static final class Sampler implements AutoCloseable {
        private final Map<String, long[]> steps = new LinkedHashMap<>();
        private final Map<String, Long> innermost = new HashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        Sampler() {
            for (String step : List.of("claim", "markPublished", "changeMarker", "putFact", "other outbox",
                    "publish (Paho)", "awaitSignal (waiting)", "other")) {
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
                    return "awaitSignal (waiting)";
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

        void stop() {
            running = false;
        }

        @Override
        public void close() {
            stop();
        }
    }
}
