package org.doudi.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.doudi.demo.broker.EmbeddedBroker;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.OutboxOptions;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.doudi.record.DeviceIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Logger;

/**
 * SQLite-style crash testing: a device JVM that is saving and publishing records is killed with
 * SIGKILL at random moments, over and over. Every record it ever confirmed as saved must reach the
 * centre, the device's seq must have no gap, and duplicates may only be the resends at-least-once
 * delivery allows.
 */
class CrashTest {
    private static final int ROUNDS = Integer.getInteger("doudi.crash.rounds", 15);
    private static final long SEED = Long.getLong("doudi.crash.seed", System.nanoTime());
    private static final String DEVICE = "kiosk-crash-01";

    @TempDir
    Path dir;

    @Test
    void killingTheDeviceAtRandomMomentsLosesNothing() throws Exception {
        Logger.info("Crash test: {} rounds, seed {} (rerun with -Ddoudi.crash.seed={})", ROUNDS, SEED, SEED);
        Random random = new Random(SEED);
        Path dataDir = dir.resolve("device");
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir.resolve("broker"));
                Centre centre = new Centre(broker.url(), dir, "centre")) {
            for (int round = 0; round < ROUNDS; round++) {
                Process child = ChildJvm.start(CrashChild.class, dataDir.toString(), broker.url(), DEVICE, "feed");
                Thread reader = readLines(child, confirmed::add);
                // JVM start-up takes most of a second; kill anywhere from "just started" to "busy sending".
                Thread.sleep(400 + random.nextInt(2200));
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                reader.join(5000);
            }
            Logger.info("Crash test: {} records confirmed before the kills", confirmed.size());
            assertThat(confirmed).as("the child saved records before being killed").isNotEmpty();

            Process drain = ChildJvm.start(CrashChild.class, dataDir.toString(), broker.url(), DEVICE, "drain");
            StringBuilder verdict = new StringBuilder();
            Thread reader = readLines(drain, verdict::append);
            assertThat(drain.waitFor(120, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            assertThat(verdict.toString()).isEqualTo("DRAINED");

            centre.awaitStored(confirmed, Duration.ofSeconds(30));
            long lastSeq;
            try (SqliteOutbox outbox = OutboxOpener.open(OutboxOptions.defaults(dataDir).withFreeSpace(() -> Long.MAX_VALUE),
                    Optional.empty(), Optional.empty(), false).outbox()) {
                lastSeq = outbox.counts().lastSeq();
            }
            DeviceIdentity device = new DeviceIdentity(DEVICE, TestAgents.TOWNSHIP);
            assertThat(centre.gaps(device)).as("seq gaps at the centre").isEmpty();
            assertThat(centre.upTo(device)).as("contiguous seq at the centre").isEqualTo(lastSeq);
            long duplicates = centre.stats().duplicates();
            Logger.info("Crash test: {} records in all, {} duplicate deliveries removed by record_id", lastSeq, duplicates);
            // At-least-once allows a resend of what a kill interrupted: the in-flight window (16) and the
            // records published in the last ack flush interval before it; 64 per kill is a generous ceiling.
            assertThat(duplicates).isLessThanOrEqualTo((long) ROUNDS * 64);
            assertThat(centre.stats().conflicts()).as("one seq, one record").isZero();
        }
    }

    private static Thread readLines(Process process, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.trim().length() == 36 || line.startsWith("DRAINED") || line.startsWith("NOT DRAINED")) {
                        sink.accept(line.trim());
                    }
                }
            } catch (IOException ignored) {
                // The process was killed mid-line; a partial line is not a confirmation.
            }
        }, "child-stdout");
        t.start();
        return t;
    }
}
