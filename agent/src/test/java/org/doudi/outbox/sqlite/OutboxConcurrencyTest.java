package org.doudi.outbox.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.Outgoing;
import org.doudi.outbox.Receipt;
import org.doudi.record.Envelope;
import org.doudi.record.NewRecord;
import org.doudi.testsupport.TestOutboxes;
import org.doudi.testsupport.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon and the CLI open the same outbox at the same time. Two instances on one data directory
 * stand in for two processes (separate connections, separate SeqReservation objects); one test also
 * starts a real second JVM.
 */
class OutboxConcurrencyTest {
    @TempDir
    Path dir;

    private static SqliteOutbox second(OutboxOptions options) throws Exception {
        return OutboxOpener.open(options, Optional.empty(), Optional.empty(), false).outbox();
    }

    @Test
    void twoInstancesAppendingFromManyThreadsGetUniqueGapFreeSeqs() throws Exception {
        OutboxOptions options = TestOutboxes.options(dir);
        int threadsPerInstance = 4;
        int batchesPerThread = 40;
        int total;
        try (SqliteOutbox a = TestOutboxes.open(options); SqliteOutbox b = second(options)) {
            assertThat(b.identity()).isEqualTo(a.identity());
            ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerInstance);
            ConcurrentLinkedQueue<Receipt> receipts = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> submitted = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2 * threadsPerInstance; t++) {
                SqliteOutbox target = t % 2 == 0 ? a : b;
                int seed = t;
                futures.add(pool.submit(() -> {
                    TestRecords records = new TestRecords(seed);
                    start.await();
                    for (int i = 0; i < batchesPerThread; i++) {
                        List<NewRecord> batch = records.applications(1 + (i % 3));
                        batch.forEach(r -> submitted.add(r.recordId()));
                        List<Receipt> got = target.append(batch);
                        // Within one batch the seqs are consecutive and in input order.
                        for (int k = 0; k < got.size(); k++) {
                            assertThat(got.get(k).recordId()).isEqualTo(batch.get(k).recordId());
                            assertThat(got.get(k).seq()).isEqualTo(got.getFirst().seq() + k);
                        }
                        receipts.addAll(got);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            total = submitted.size();
            List<Long> seqs = receipts.stream().map(Receipt::seq).sorted().toList();
            assertThat(seqs).hasSize(total);
            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(a.counts().lastSeq()).isEqualTo(total);
            assertThat(b.counts().lastSeq()).isEqualTo(total);
            assertThat(a.counts().count(OutboxState.PENDING)).isEqualTo(total);

            // Every stored envelope carries the seq its receipt promised.
            List<Outgoing> all = a.claim(total + 10);
            assertThat(all).hasSize(total);
            for (Outgoing o : all) {
                Envelope e = TestRecords.decode(o.envelope());
                assertThat(e.seq()).isEqualTo(o.seq());
            }
            assertThat(all.stream().map(o -> TestRecords.decode(o.envelope()).recordId()).toList())
                    .containsExactlyInAnyOrderElementsOf(submitted);
        }
        // The external high-water mark covers every seq issued.
        assertThat(SeqReservation.read(dir.resolve("seq.reserve"))).isGreaterThanOrEqualTo(total);
    }

    @Test
    void threadsClaimingConcurrentlyNeverHandOutTheSameRecord() throws Exception {
        // One process drains (the daemon holds the data directory's lock): "sending" lives in its memory.
        OutboxOptions options = TestOutboxes.options(dir);
        try (SqliteOutbox a = TestOutboxes.open(options)) {
            TestRecords records = new TestRecords(1);
            int total = 600;
            a.append(records.applications(total));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (List<Outgoing> got; !(got = a.claim(7)).isEmpty(); ) {
                        got.forEach(o -> claimed.add(o.seq()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            Set<Long> unique = new HashSet<>(claimed);
            assertThat(claimed).hasSize(total);
            assertThat(unique).hasSize(total);
            assertThat(a.counts().count(OutboxState.SENDING)).isEqualTo(total);
        }
    }

    /** Entry point of the second process: appends {@code count} records one at a time. */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        TestRecords records = new TestRecords(99);
        try (SqliteOutbox outbox = second(TestOutboxes.options(data))) {
            StringBuilder seqs = new StringBuilder();
            for (int i = 0; i < count; i++) {
                seqs.append(outbox.append(List.of(records.application())).getFirst().seq()).append('\n');
            }
            System.out.print(seqs);
        }
    }

    @Test
    void aRealSecondProcessAppendingAtTheSameTimeGetsDisjointSeqs() throws Exception {
        OutboxOptions options = TestOutboxes.options(dir);
        int perProcess = 150;
        try (SqliteOutbox here = TestOutboxes.open(options)) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process other = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "--enable-native-access=ALL-UNNAMED", OutboxConcurrencyTest.class.getName(), dir.toString(),
                    Integer.toString(perProcess))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            TestRecords records = new TestRecords(3);
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < perProcess; i++) {
                mine.add(here.append(List.of(records.application())).getFirst().seq());
            }
            String out;
            try {
                assertThat(other.waitFor(60, TimeUnit.SECONDS)).as("second process finished").isTrue();
                out = new String(other.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            } finally {
                other.destroyForcibly();
            }
            assertThat(other.exitValue()).as("second process exit code").isZero();
            List<Long> theirs = out.lines().map(Long::parseLong).toList();
            assertThat(theirs).hasSize(perProcess);

            List<Long> all = new ArrayList<>(mine);
            all.addAll(theirs);
            assertThat(all).doesNotHaveDuplicates();
            assertThat(all.stream().sorted().toList())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 2L * perProcess).boxed().toList());
            assertThat(here.counts().count(OutboxState.PENDING)).isEqualTo(2L * perProcess);
        } catch (IOException e) {
            throw new AssertionError("could not start the second JVM", e);
        }
    }
}
