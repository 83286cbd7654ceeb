package org.doudi.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.doudi.app.Agent;
import org.doudi.central.CentralReceiver;
import org.doudi.central.ReceiverSettings;
import org.doudi.central.sqlite.SqliteReceivedStore;
import org.doudi.config.AgentConfig;
import org.doudi.config.ConfigException;
import org.doudi.config.Settings;
import org.doudi.demo.broker.EmbeddedBroker;
import org.doudi.logging.LogSetup;
import org.doudi.outbox.OutboxCounts;
import org.doudi.outbox.OutboxFull;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.Receipt;
import org.doudi.record.PayloadRejected;
import org.doudi.record.RecordType;
import org.doudi.record.SampleRecords;
import org.doudi.record.SeqRange;
import org.doudi.security.CentreProtection;
import org.doudi.security.Keys;

/**
 * The whole journey of a record in one terminal: a kiosk agent saves records, the broker goes away,
 * records pile up on the device, the broker returns, the backlog drains, and the centre confirms it
 * holds every single one, with no gap in the device's sequence.
 */
public final class Demo implements AutoCloseable {

    /** The demo's timeline; the tests run a short one. */
    public record Timeline(Duration feedFor, double recordsPerSecond, Duration outageAfter, Duration outageFor,
            int drainRate, Duration maxDrainWait) {
        public static Timeline standard() {
            return new Timeline(Duration.ofSeconds(20), 15, Duration.ofSeconds(5), Duration.ofSeconds(8), 60,
                    Duration.ofSeconds(90));
        }
    }

    /** How it ended. {@code lost} are record ids the device confirmed as saved that the centre lacks. */
    public record Summary(long sent, long acknowledged, long lost, List<SeqRange> gaps, long duplicates,
            boolean completed) {
        public String line() {
            return sent + " sent, " + acknowledged + " acknowledged, " + lost + " lost, gaps: "
                    + (gaps.isEmpty() ? "none" : gaps.toString());
        }
    }

    private static final String DEVICE_ID = "kiosk-demo-01";
    /** 东华门街道, Dongcheng, Beijing: a real township code, so topics look as they will in production. */
    private static final String TOWNSHIP = "110101001";

    private final Timeline timeline;
    private final PrintStream out;
    private final boolean liveRedraw;
    private final Path workDir;
    private final EmbeddedBroker broker;
    private final CentralReceiver receiver;
    private final Agent agent;
    private final Set<String> savedIds = ConcurrentHashMap.newKeySet();
    private final Set<String> storedCentrally = ConcurrentHashMap.newKeySet();
    private final Set<Long> seqsStoredCentrally = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private volatile boolean stopping;
    private long lastDraw;

    private Demo(Timeline timeline, PrintStream out, boolean liveRedraw, Path workDir) throws Agent.StartFailure,
            ConfigException {
        this.timeline = timeline;
        this.out = out;
        this.liveRedraw = liveRedraw;
        this.workDir = workDir;
        // The demo's own keys, as enrolment would set them up: the centre's sealing key pair, the kiosk's signing key.
        Keys.CentralPrivateKey centralKey = Keys.CentralPrivateKey.generate();
        Keys.DeviceSigningKey deviceKey = Keys.DeviceSigningKey.generate();
        Path deviceKeyFile;
        Path centralKeyFile;
        try {
            deviceKeyFile = Files.writeString(workDir.resolve("kiosk-device.key"), deviceKey.toPem());
            centralKeyFile = Files.writeString(workDir.resolve("centre-sealing.pub"), centralKey.publicKey().toPem());
        } catch (IOException e) {
            throw new ConfigException("cannot write the demo's keys to " + workDir + ": " + e.getMessage());
        }
        AgentConfig config = AgentConfig.of(Map.ofEntries(
                Map.entry(Settings.SECURITY_DEVICE_KEY.key(), deviceKeyFile.toString()),
                Map.entry(Settings.SECURITY_CENTRAL_KEY.key(), centralKeyFile.toString()),
                Map.entry(Settings.DATA_DIR.key(), workDir.resolve("kiosk").toString()),
                Map.entry(Settings.DEVICE_ID.key(), DEVICE_ID),
                Map.entry(Settings.TOWNSHIP.key(), TOWNSHIP),
                Map.entry(Settings.DRAIN_RATE.key(), Integer.toString(timeline.drainRate())),
                Map.entry(Settings.DRAIN_BURST.key(), "10"),
                Map.entry(Settings.RECONNECT_INITIAL.key(), "250ms"),
                Map.entry(Settings.RECONNECT_MAX.key(), "2s"),
                Map.entry(Settings.KEEPALIVE.key(), "5s"),
                // Records the broker accepted but lost in its outage come back within seconds, not minutes.
                Map.entry(Settings.ACK_TIMEOUT.key(), "5s")));
        LogSetup.configure(config, "demo", false);
        broker = EmbeddedBroker.start(0, workDir.resolve("broker"));
        CentreProtection protection = new CentreProtection(centralKey,
                id -> id.equals(DEVICE_ID) ? Optional.of(deviceKey.publicKey()) : Optional.empty(), false);
        receiver = new CentralReceiver(ReceiverSettings.defaults(List.of(broker.url()), "demo-centre"),
                SqliteReceivedStore.open(workDir.resolve("centre.db")), Optional.of(protection));
        receiver.onStored(e -> {
            storedCentrally.add(e.recordId());
            seqsStoredCentrally.add(e.seq());
        });
        receiver.start();
        agent = Agent.start(config.with(Map.of(Settings.BROKER_URL.key(), broker.url())));
    }

    public static Demo start(Timeline timeline, PrintStream out, boolean liveRedraw) throws IOException,
            Agent.StartFailure, ConfigException {
        return new Demo(timeline, out, liveRedraw, Files.createTempDirectory("doudi-demo-"));
    }

    /** Runs the timeline to the end (or until {@link #stop()}), printing as it goes. */
    public Summary run() throws InterruptedException {
        out.println("Doudi demo — one kiosk agent, an embedded MQTT broker (" + broker.url() + "), a central receiver");
        out.println("Records are saved on the device first, then sent; the centre acknowledges what it has stored.");
        out.println("Each payload is sealed to the centre's key and each record signed by the kiosk: the broker sees"
                + " ciphertext only.");
        out.println();
        Thread feeder = new Thread(this::feed, "demo-feeder");
        feeder.start();
        sleepWatching(timeline.outageAfter());
        if (!stopping) {
            event("■ broker going down — the kiosk keeps saving records; they wait in its outbox");
            broker.stop();
            sleepWatching(timeline.outageFor());
        }
        if (!stopping) {
            long backlog = agent.counts().count(OutboxState.PENDING);
            broker.restart();
            event("▲ broker back — draining a backlog of " + backlog + " records (paced at "
                    + timeline.drainRate() + "/s, emergencies first)");
        }
        feeder.join();
        long deadline = System.nanoTime() + timeline.maxDrainWait().toNanos();
        boolean completed = false;
        while (!stopping && System.nanoTime() < deadline) {
            if (allConfirmed()) {
                completed = true;
                break;
            }
            drawLive(false);
            Thread.sleep(100);
        }
        drawLive(true);
        if (liveRedraw) {
            out.println();
        }
        Summary summary = summary(completed);
        out.println();
        out.println(summary.line() + (summary.duplicates() > 0
                ? "   (" + summary.duplicates() + " duplicate deliveries removed by record_id)" : ""));
        if (!completed) {
            out.println(stopping ? "Stopped before everything was acknowledged: the rest stays safe in the outbox."
                    : "Not everything was acknowledged in time.");
        }
        return summary;
    }

    private void feed() {
        SampleRecords samples = new SampleRecords(new Random(2026));
        Random pick = new Random(7);
        long perRecordNanos = (long) (1e9 / timeline.recordsPerSecond());
        long next = System.nanoTime();
        long end = next + timeline.feedFor().toNanos();
        while (!stopping && System.nanoTime() < end) {
            RecordType type = pickType(pick.nextInt(100));
            JsonNode payload = type == RecordType.APPLICATION && pick.nextInt(10) == 0
                    ? samples.emergencyApplication() : samples.payloadFor(type);
            try {
                Receipt receipt = agent.submit(type, payload);
                savedIds.add(receipt.recordId());
            } catch (OutboxFull e) {
                refused.incrementAndGet();
            } catch (PayloadRejected e) {
                throw new IllegalStateException("sample data must be valid: " + e.getMessage(), e);
            }
            drawLive(false);
            next += perRecordNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleepQuietly(Duration.ofNanos(wait));
            }
        }
    }

    private static RecordType pickType(int percent) {
        if (percent < 40) {
            return RecordType.APPLICATION;
        }
        if (percent < 75) {
            return RecordType.WELFARE_CHECK;
        }
        if (percent < 80) {
            return RecordType.DAILY_REPORT;
        }
        if (percent < 85) {
            return RecordType.HELP_REQUEST;
        }
        return RecordType.EVENT;
    }

    private boolean allConfirmed() {
        OutboxCounts counts = agent.counts();
        return counts.unacknowledged() == 0 && storedCentrally.containsAll(savedIds);
    }

    private synchronized void drawLive(boolean force) {
        long now = System.nanoTime();
        long every = liveRedraw ? 100_000_000L : 2_000_000_000L;
        if (!force && now - lastDraw < every) {
            return;
        }
        lastDraw = now;
        OutboxCounts c = agent.counts();
        long queued = c.count(OutboxState.PENDING) + c.count(OutboxState.SENDING);
        long total = savedIds.size();
        long acked = c.count(OutboxState.ACKNOWLEDGED);
        String line = String.format("%s  broker %-4s link %-16s saved %4d │ queued %4d │ published %4d │ acknowledged %4d  %s",
                clock(), broker.isRunning() ? "up" : "DOWN", agent.linkState(), total, queued,
                c.count(OutboxState.PUBLISHED), acked, bar(acked, total));
        if (liveRedraw) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String bar(long done, long total) {
        if (total == 0) {
            return "";
        }
        int width = 20;
        int filled = (int) (width * done / total);
        return "[" + "█".repeat(filled) + "░".repeat(width - filled) + "] " + (100 * done / total) + "%";
    }

    private synchronized void event(String what) {
        if (liveRedraw) {
            out.print("\r\u001b[K");
        }
        out.println(clock() + "  " + what);
    }

    private String clock() {
        long s = (System.nanoTime() - startNanos) / 1_000_000_000L;
        return String.format("[%02d:%02d]", s / 60, s % 60);
    }

    private Summary summary(boolean completed) {
        long lastSeq = agent.counts().lastSeq();
        List<SeqRange> gaps = new ArrayList<>();
        long missingFrom = 0;
        for (long seq = 1; seq <= lastSeq + 1; seq++) {
            boolean missing = seq <= lastSeq && !seqsStoredCentrally.contains(seq);
            if (missing && missingFrom == 0) {
                missingFrom = seq;
            } else if (!missing && missingFrom != 0) {
                gaps.add(new SeqRange(missingFrom, seq - 1));
                missingFrom = 0;
            }
        }
        long lost = savedIds.stream().filter(id -> !storedCentrally.contains(id)).count();
        return new Summary(savedIds.size(), agent.counts().count(OutboxState.ACKNOWLEDGED), lost, gaps,
                receiver.stats().duplicates(), completed);
    }

    private void sleepWatching(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!stopping && System.nanoTime() < end) {
            drawLive(false);
            Thread.sleep(50);
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the timeline early (Ctrl-C); {@link #run()} then prints where things stand. */
    public void stop() {
        stopping = true;
    }

    @Override
    public void close() {
        stopping = true;
        agent.close();
        receiver.close();
        broker.close();
        deleteQuietly(workDir);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory; the OS cleans it eventually.
        }
    }
}
