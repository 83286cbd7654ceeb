package org.doudi.provisioning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.doudi.central.CentralReceiver;
import org.doudi.central.ReceivedStore;
import org.doudi.central.TestEnvelopes;
import org.doudi.central.sqlite.SqliteReceivedStore;
import org.doudi.cli.ExitCodes;
import org.doudi.protocol.Ack;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.protocol.Topics;
import org.doudi.provisioning.cli.ProvisionCommandTest.Run;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.SeqRange;
import org.doudi.testsupport.LocalPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code provision inbox} in this JVM, on the shared Mosquitto, with a fake device whose id no other run uses. */
class InboxCommandTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void storesAndAcknowledgesWhatADeviceSendsUntilStopped() throws Exception {
        DeviceIdentity device = TestEnvelopes.uniqueDevice("cli-inbox");
        String clientId = "it-inbox-" + UUID.randomUUID().toString().substring(0, 8);
        Path db = dir.resolve("inbox.db");
        Topics topics = new Topics(device);
        try (SharedMosquitto broker = SharedMosquitto.connect("it-inbox-device")) {
            BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
            broker.client.subscribe(topics.ack(), 1, (topic, message) -> {
                if (message.getPayload().length > 0) {
                    acks.add(Ack.decode(message.getPayload()));
                }
            });
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = ProvisionCommand.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            AtomicInteger code = new AtomicInteger(-1);
            Thread inbox = new Thread(() -> code.set(cl.execute("inbox", "--broker", SharedMosquitto.URL,
                    "--store", "sqlite:" + db, "--client-id", clientId, "--clean-session", "--summary-every", "1")));
            try {
                inbox.start();
                await(() -> out.toString().contains("receiving from"), () -> "inbox subscribed; " + err);

                for (long seq = 1; seq <= 2; seq++) {
                    Envelope e = TestEnvelopes.envelope(device, seq);
                    broker.client.publish(topics.record(e.type()), EnvelopeCodec.encode(e), 1, false);
                }
                Ack ack = awaitAck(acks, a -> a.upTo() == 2);
                assertThat(ack.ranges()).isEmpty();
                await(() -> out.toString().contains("stored 2"), out::toString);
            } finally {
                inbox.interrupt();
                inbox.join(PATIENCE.toMillis());
                broker.clearRetained(List.of(topics.ack(), CentralReceiver.statusTopic(clientId)));
            }
            assertThat(inbox.isAlive()).as("stopped").isFalse();
            assertThat(code.get()).as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("Inbox stopped.").doesNotContain("synthetic");
        }
        try (ReceivedStore store = SqliteReceivedStore.open(db)) {
            assertThat(store.progress(device).received()).containsExactly(new SeqRange(1, 2));
        }
    }

    @Test
    void aStoreThatIsNeitherSqliteNorPostgresqlIsAUsageError() {
        Run run = ProvisionCommandTest.provision("inbox", "--broker", SharedMosquitto.URL, "--store", "mysql://db/x");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--store must be sqlite:PATH or postgresql://");
    }

    @Test
    void aPasswordInTheDatabaseUrlIsRefusedWithoutBeingRepeated() {
        Run run = ProvisionCommandTest.provision("inbox", "--broker", SharedMosquitto.URL,
                "--store", "postgresql://127.0.0.1:5432/test?user=postgres&password=s3cret");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("~/.pgpass").doesNotContain("s3cret");
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndAFailure() {
        Run run = ProvisionCommandTest.provision("inbox", "--broker", SharedMosquitto.URL,
                "--store", "postgresql://127.0.0.1:" + LocalPorts.free() + "/test?user=postgres");
        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err().strip()).startsWith("provision: cannot use the store postgresql://127.0.0.1:")
                .doesNotContain("\n");
    }

    @Test
    void theAuthorityFlagsAreCheckedBeforeAnythingStarts() {
        Run lone = ProvisionCommandTest.provision("inbox", "--broker", SharedMosquitto.URL,
                "--store", "sqlite:" + dir.resolve("i.db"), "--accept-unsealed");
        Run missing = ProvisionCommandTest.provision("inbox", "--broker", SharedMosquitto.URL,
                "--store", "sqlite:" + dir.resolve("i.db"), "--authority", dir.resolve("none").toString());

        assertThat(lone.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(lone.err()).contains("go with --authority");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("holds no authority");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndAFailure() {
        String broker = "tcp://127.0.0.1:" + LocalPorts.free();
        Run run = ProvisionCommandTest.provision("inbox", "--broker", broker, "--store", "sqlite:" + dir.resolve("i.db"),
                "--clean-session");
        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err().strip()).startsWith("provision: cannot connect to " + broker).doesNotContain("\n");
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what.get()).isNegative();
            Thread.sleep(50);
        }
    }

    private static Ack awaitAck(BlockingQueue<Ack> acks, java.util.function.Predicate<Ack> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Ack ack = acks.poll(100, TimeUnit.MILLISECONDS);
            if (ack != null && wanted.test(ack)) {
                return ack;
            }
        }
        throw new AssertionError("no matching ack within " + PATIENCE);
    }
}
