package org.doudi.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.doudi.record.RecordType;
import org.sqlite.SQLiteConfig;

/**
 * Start-up time and resident memory of the agent daemon as an operator starts it ({@code ./doudi run}),
 * next to {@code java -jar} without the launcher, a bare {@code java -version} and one
 * {@code mosquitto_pub}. Then memory: VmRSS idle 5 s after "ready", and after draining 10,000 records
 * stored with {@code ./doudi enqueue}; once with the default heap and once with
 * {@code JAVA_TOOL_OPTIONS=-Xmx64m}.
 * Usage: {@code StartupBench [repetitions=5] [broker=tcp://127.0.0.1:1883]}, from the repository root.
 */
public final class StartupBench {
    private static final String READY = "doudi: ready";
    private static final int ENQUEUED = 10_000;
    private static final String SMALL_HEAP = "-Xmx64m";

    private final Path repo = Path.of("").toAbsolutePath();
    private final Path root = Samples.dataRoot("startup");
    private final String broker;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private int launches;
    /** Whether the launcher's last start began with a build (sources changed meanwhile): that sample is redone. */
    private boolean lastStartBuilt;
    private int samplesWithBuild;
    /** Every daemon started, so none outlives the benchmark if it is interrupted. */
    private final List<Process> daemons = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int samplesStillBuilt;

    private StartupBench(String broker) {
        this.broker = broker;
    }

    /** On an interrupted run (Ctrl-C, SIGTERM): no daemon may outlive the benchmark, no data is left. */
    private void killDaemons() {
        for (Process p : daemons) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Samples.deleteTree(root);
    }

    /** A daemon that said "ready", with how long that took. */
    private record Started(Process process, double seconds, Path dataDir) {
    }

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        StartupBench bench = new StartupBench(args.length > 1 ? args[1] : "tcp://127.0.0.1:1883");
        Runtime.getRuntime().addShutdownHook(new Thread(bench::killDaemons));
        try {
            bench.run(repetitions);
        } finally {
            Samples.deleteTree(bench.root);
        }
    }

    private void run(int repetitions) throws Exception {
        System.out.printf("Start-up: %s, JDK %s, data in %s (%s); load %s%n%n", repo, Runtime.version(), root,
                Samples.filesystem(root), DrainBench.loadAverage());
        Map<String, ThrowingTimer> subjects = new LinkedHashMap<>();
        subjects.put("./doudi run → \"doudi: ready\"", () -> stopAfterReady(startDaemon(launcher(), Map.of())));
        subjects.put("./doudi run, JAVA_TOOL_OPTIONS=" + SMALL_HEAP,
                () -> stopAfterReady(startDaemon(launcher(), Map.of("JAVA_TOOL_OPTIONS", SMALL_HEAP))));
        subjects.put("java -jar agent/target/doudi-agent.jar run (no launcher)",
                () -> stopAfterReady(startDaemon(direct(), Map.of())));
        subjects.put("peer: java -version", () -> timeToExit(List.of(java.toString(), "-version")));
        subjects.put("peer: mosquitto_pub, one QoS 1 message", () -> timeToExit(List.of("mosquitto_pub", "-h",
                host(), "-p", port(), "-q", "1", "-t", "doudi/bench/startup", "-m", "hello")));

        stopAfterReady(startDaemon(launcher(), Map.of())); // warm-up: page cache, and any pending build
        Map<String, List<Double>> times = new LinkedHashMap<>();
        subjects.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        List<String> names = List.copyOf(subjects.keySet());
        for (int rep = 0; rep < repetitions; rep++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((rep + k) % names.size());
                double s = subjects.get(name).seconds();
                for (int retry = 0; lastStartBuilt && retry < 3; retry++) { // others edit sources meanwhile
                    samplesWithBuild++;
                    s = subjects.get(name).seconds();
                }
                samplesStillBuilt += lastStartBuilt ? 1 : 0;
                lastStartBuilt = false;
                times.get(name).add(s);
                System.err.printf("  rep %d  %-60s %.3f s%n", rep + 1, name, s);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        times.forEach((name, t) -> rows.add(List.of(name, String.format("%.2f", Stats.median(t)),
                String.format("%.2f–%.2f", t.stream().mapToDouble(d -> d).min().orElse(0),
                        t.stream().mapToDouble(d -> d).max().orElse(0)))));
        Stats.table(List.of("process", "seconds to ready / exit (median)", "range"), rows);
        if (samplesWithBuild > 0) {
            System.out.println("Launcher starts that began with a rebuild (sources changed meanwhile), timed again: "
                    + samplesWithBuild + "; kept although still building: " + samplesStillBuilt);
        }

        List<List<String>> memory = List.of(memory("default heap", Map.of()),
                memory(SMALL_HEAP, Map.of("JAVA_TOOL_OPTIONS", SMALL_HEAP)));
        Stats.table(List.of("./doudi run", "VmRSS idle 5 s after ready", "VmRSS after draining 10,000",
                "VmHWM (peak)", "first enqueue to all published (default drain.rate 500/s)", "exit on SIGTERM"), memory);
    }

    @FunctionalInterface
    private interface ThrowingTimer {
        double seconds() throws Exception;
    }

    private List<String> launcher() {
        return List.of(repo.resolve("doudi").toString(), "run");
    }

    /** What the launcher finally executes, with its flags. */
    private List<String> direct() {
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", repo.resolve("agent/target/doudi-agent.jar").toString(), "run"));
        return command;
    }

    private Started startDaemon(List<String> command, Map<String, String> environment) throws Exception {
        lastStartBuilt = false;
        Path dataDir = root.resolve("daemon-" + (++launches));
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("--data-dir", dataDir.toString(), "--broker", broker, "--device-id",
                Samples.uniqueDeviceId("start"), "--township", Samples.TOWNSHIP));
        Files.createDirectories(dataDir);
        ProcessBuilder pb = new ProcessBuilder(full).directory(repo.toFile())
                .redirectError(dataDir.resolve("stderr.txt").toFile());
        pb.environment().putAll(environment);
        long start = System.nanoTime();
        Process p = pb.start();
        daemons.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(READY)) {
                double seconds = Stats.seconds(start, System.nanoTime());
                Thread.ofPlatform().daemon().start(() -> drain(out));
                lastStartBuilt = Files.readString(dataDir.resolve("stderr.txt")).contains("doudi: building");
                return new Started(p, seconds, dataDir);
            }
        }
        throw new IllegalStateException("the agent exited (" + p.waitFor() + ") without '" + READY + "': "
                + Files.readString(dataDir.resolve("stderr.txt")));
    }

    /** Keeps the daemon's stdout from filling up until it exits. */
    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException closed) {
            // The daemon was stopped.
        }
    }

    private static double stopAfterReady(Started s) throws Exception {
        stop(s.process());
        return s.seconds();
    }

    /** SIGTERM, as systemd would send; returns the exit code. */
    private static int stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private double timeToExit(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        double seconds = Stats.seconds(start, System.nanoTime());
        if (code != 0) {
            throw new IllegalStateException(command.get(0) + " exited with " + code);
        }
        return seconds;
    }

    private List<String> memory(String label, Map<String, String> environment) throws Exception {
        Started s = startDaemon(launcher(), environment);
        try {
            return memory(label, s);
        } catch (IllegalStateException e) {
            return List.of(label, "failed: " + e.getMessage(), "", "", "", "");
        } finally {
            s.process().destroyForcibly();
        }
    }

    /** VmRSS 5 s after ready, then after 10,000 enqueued records are all published. */
    private List<String> memory(String label, Started s) throws Exception {
        Thread.sleep(5000);
        String idle = status(s.process(), "VmRSS");
        long start = System.nanoTime();
        boolean built = enqueue(s.dataDir());
        double enqueueSeconds = Stats.seconds(start, System.nanoTime());
        awaitPublished(s.dataDir());
        double drainSeconds = Stats.seconds(start, System.nanoTime());
        String drained = status(s.process(), "VmRSS");
        String peak = status(s.process(), "VmHWM");
        int exit = stop(s.process());
        return List.of(label, idle, drained, peak, String.format("%.1f s (enqueue %.1f s%s)", drainSeconds,
                enqueueSeconds, built ? ", launcher rebuilt" : ""), "exit " + exit);
    }

    /** 10,000 records in five {@code ./doudi enqueue} calls, one per record type; true if the launcher built. */
    private boolean enqueue(Path dataDir) throws Exception {
        boolean built = false;
        Samples samples = new Samples(1000);
        RecordType[] types = RecordType.values();
        for (int t = 0; t < types.length; t++) {
            Process p = new ProcessBuilder(repo.resolve("doudi").toString(), "enqueue", "--type", types[t].wireName(),
                    "--data-dir", dataDir.toString()).directory(repo.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(dataDir.resolve("enqueue-stderr.txt").toFile()).start();
            try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8))) {
                for (int i = 0; i < ENQUEUED / types.length; i++) {
                    // The pool cycles through the types; pick the records of this type.
                    in.write(samples.jsonLine(i * types.length + t));
                    in.newLine();
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("doudi enqueue failed: " + Files.readString(dataDir.resolve("enqueue-stderr.txt")));
            }
            built |= Files.readString(dataDir.resolve("enqueue-stderr.txt")).contains("doudi: building");
        }
        return built;
    }

    /** Polls the outbox read-only until every record is PUBLISHED (state 2) or later. */
    private static void awaitPublished(Path dataDir) throws Exception {
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Connection c = readOnly.createConnection("jdbc:sqlite:" + dataDir.resolve("outbox.db"));
                Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), sum(state < 2) FROM progress")) {
                    if (rs.getLong(1) >= ENQUEUED && rs.getLong(2) == 0) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
        Path log = dataDir.resolve("logs/doudi.log");
        System.err.println("bench: not drained; stderr and last log lines of the daemon follow");
        System.err.println(Files.readString(dataDir.resolve("stderr.txt")));
        if (Files.exists(log)) {
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
        }
        throw new IllegalStateException("records not all published within 120 s");
    }

    private static String status(Process p, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                return String.format("%.0f MiB", kb / 1024.0);
            }
        }
        return "n/a";
    }

    private String host() {
        return broker.replaceFirst("^tcp://", "").replaceFirst(":\\d+$", "");
    }

    private String port() {
        return broker.replaceFirst(".*:", "");
    }
}
