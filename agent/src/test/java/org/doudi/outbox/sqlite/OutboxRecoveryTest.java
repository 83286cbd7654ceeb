package org.doudi.outbox.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.Outgoing;
import org.doudi.outbox.Receipt;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.NewRecord;
import org.doudi.record.SeqRange;
import org.doudi.testsupport.TestOutboxes;
import org.doudi.testsupport.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxRecoveryTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private final TestRecords records = new TestRecords(11);

    private Path db() {
        return dir.resolve("outbox.db");
    }

    private List<Path> damagedFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("outbox.db.damaged-"))
                    .filter(p -> !p.getFileName().toString().endsWith("-wal") && !p.getFileName().toString().endsWith("-shm"))
                    .sorted().toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private void checkpoint() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        Files.deleteIfExists(dir.resolve("outbox.db-wal"));
        Files.deleteIfExists(dir.resolve("outbox.db-shm"));
    }

    private static void overwrite(Path file, long offset, int length, long seed) throws IOException {
        byte[] garbage = new byte[length];
        new SplittableRandom(seed).nextBytes(garbage);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(garbage);
        }
    }

    /** Stores {@code n} records, acknowledging some, and returns them by seq. */
    private Map<Long, NewRecord> fill(int n) throws Exception {
        Map<Long, NewRecord> bySeq = new HashMap<>();
        try (SqliteOutbox outbox = TestOutboxes.open(dir)) {
            for (int from = 0; from < n; from += 250) {
                List<NewRecord> batch = records.applications(Math.min(250, n - from));
                List<Receipt> receipts = outbox.append(batch);
                for (int i = 0; i < batch.size(); i++) {
                    bySeq.put(receipts.get(i).seq(), batch.get(i));
                }
            }
            outbox.acknowledge(List.of(new SeqRange(1, Math.max(1, n / 10))));
        }
        return bySeq;
    }

    private static OutboxOpener.Opened openRecovering(OutboxOptions options) throws Exception {
        return OutboxOpener.open(options, Optional.of(TestOutboxes.DEVICE), Optional.of(TestOutboxes.TOWNSHIP), true);
    }

    // ---------------------------------------------------------------- (a) not a database at all

    @Test
    void aGarbageFileIsMovedAsideAndNumberingResumesAboveEverythingIssued() throws Exception {
        fill(5);
        long reserved = SeqReservation.read(dir.resolve("seq.reserve"));
        assertThat(reserved).as("seq.reserve covers what was issued").isGreaterThanOrEqualTo(5);
        Files.deleteIfExists(dir.resolve("outbox.db-wal"));
        Files.deleteIfExists(dir.resolve("outbox.db-shm"));
        byte[] garbage = new byte[64 * 1024];
        new SplittableRandom(1).nextBytes(garbage);
        Files.write(db(), garbage);
        String garbageHash = sha256(db());

        OutboxOpener.Opened opened = openRecovering(TestOutboxes.options(dir));
        try (SqliteOutbox outbox = opened.outbox()) {
            assertThat(opened.recovery()).isPresent();
            OutboxOpener.Recovery recovery = opened.recovery().get();
            assertThat(recovery.salvaged()).isZero();
            assertThat(recovery.salvagedSeqs()).isEmpty();

            List<Path> aside = damagedFiles();
            assertThat(aside).hasSize(1);
            assertThat(aside.getFirst().getFileName().toString()).isEqualTo(recovery.movedAsideTo());
            assertThat(sha256(aside.getFirst())).as("the damaged file is kept byte for byte").isEqualTo(garbageHash);

            assertThat(recovery.resumedAtSeq()).isGreaterThan(reserved);
            Receipt r = outbox.append(List.of(records.application())).getFirst();
            assertThat(r.seq()).isEqualTo(recovery.resumedAtSeq()).isGreaterThan(5);
            assertThat(outbox.counts().count(OutboxState.PENDING)).isEqualTo(1);
            assertThat(outbox.identity()).isEqualTo(new DeviceIdentity(TestOutboxes.DEVICE, TestOutboxes.TOWNSHIP));
        }
        // The fresh database is healthy: a plain restart needs no recovery and keeps the numbering.
        OutboxOpener.Opened again = openRecovering(TestOutboxes.options(dir));
        try (SqliteOutbox outbox = again.outbox()) {
            assertThat(again.recovery()).isEmpty();
            long before = outbox.counts().lastSeq();
            assertThat(outbox.append(List.of(records.application())).getFirst().seq()).isEqualTo(before + 1);
        }
    }

    @Test
    void withoutTheReservationFileNumberingStillResumesAboveTheOldRecords() throws Exception {
        // A database whose header is intact but whose pages are damaged still tells its next_seq.
        fill(300);
        checkpoint();
        Files.delete(dir.resolve("seq.reserve"));
        long pages = Files.size(db()) / PAGE;
        overwrite(db(), (pages / 2) * PAGE, 2 * PAGE, 3);
        OutboxOpener.Opened opened = openRecovering(TestOutboxes.options(dir));
        try (SqliteOutbox outbox = opened.outbox()) {
            assertThat(opened.recovery()).isPresent();
            assertThat(outbox.append(List.of(records.application())).getFirst().seq()).isGreaterThan(300);
        }
    }

    // ---------------------------------------------------------------- (b) some pages damaged

    @Test
    void damagedPagesInTheMiddleAreSkippedAndEveryIntactRecordIsSalvaged() throws Exception {
        int n = 2000;
        Map<Long, NewRecord> original = fill(n);
        checkpoint();
        long pages = Files.size(db()) / PAGE;
        assertThat(pages).isGreaterThan(100);
        // Two separate runs of damaged pages inside the record area.
        overwrite(db(), (pages / 3) * PAGE, 3 * PAGE, 7);
        overwrite(db(), (2 * pages / 3) * PAGE, 2 * PAGE, 8);
        String damagedHash = sha256(db());

        OutboxOpener.Opened opened = openRecovering(TestOutboxes.options(dir));
        try (SqliteOutbox outbox = opened.outbox()) {
            OutboxOpener.Recovery recovery = opened.recovery().orElseThrow(() ->
                    new AssertionError("damaged pages were not noticed"));
            assertThat(damagedFiles()).hasSize(1);
            assertThat(sha256(damagedFiles().getFirst())).isEqualTo(damagedHash);

            long salvaged = recovery.salvaged();
            assertThat(salvaged).as("records salvaged").isGreaterThan(0);
            // Five bad pages hold a few dozen records at most; salvage must step over them and go on.
            assertThat(salvaged).as("a good share survives 5 bad pages").isGreaterThan(n * 9 / 10);
            assertThat(salvaged).isLessThanOrEqualTo(n);

            // Acknowledged records stay acknowledged; everything else comes back as pending.
            long acked = outbox.counts().count(OutboxState.ACKNOWLEDGED);
            long pending = outbox.counts().count(OutboxState.PENDING);
            assertThat(acked + pending).isEqualTo(salvaged);
            assertThat(acked).isLessThanOrEqualTo(n / 10);

            List<Outgoing> claimed = outbox.claim(n);
            assertThat((long) claimed.size()).isEqualTo(pending);
            for (Outgoing o : claimed) {
                Envelope e = TestRecords.decode(o.envelope());
                NewRecord was = original.get(o.seq());
                assertThat(was).as("seq %d was issued before", o.seq()).isNotNull();
                assertThat(o.seq()).isGreaterThan(n / 10);
                assertThat(e.seq()).isEqualTo(o.seq());
                assertThat(e.recordId()).isEqualTo(was.recordId());
                assertThat(e.payload()).isEqualTo(was.payload());
                assertThat(e.deviceId()).isEqualTo(TestOutboxes.DEVICE);
            }
            recovery.salvagedSeqs().ifPresent(range -> {
                assertThat(range.first()).isGreaterThanOrEqualTo(1);
                assertThat(range.last()).isLessThanOrEqualTo(n);
            });

            Receipt next = outbox.append(List.of(records.application())).getFirst();
            assertThat(next.seq()).isGreaterThan(n).isEqualTo(recovery.resumedAtSeq());
            assertThat(outbox.identity().deviceId()).isEqualTo(TestOutboxes.DEVICE);
        }
    }

    @Test
    void identityIsSalvagedFromADamagedDatabase() throws Exception {
        fill(600);
        checkpoint();
        long pages = Files.size(db()) / PAGE;
        overwrite(db(), (pages / 2) * PAGE, PAGE, 9);
        OutboxOpener.Opened opened = OutboxOpener.open(TestOutboxes.options(dir), Optional.empty(), Optional.empty(), true);
        try (SqliteOutbox outbox = opened.outbox()) {
            assertThat(opened.recovery()).isPresent();
            assertThat(outbox.identity()).isEqualTo(new DeviceIdentity(TestOutboxes.DEVICE, TestOutboxes.TOWNSHIP));
        }
    }

    // ---------------------------------------------------------------- (c) not allowed to recover

    @Test
    void aProcessThatMayNotRecoverGetsDamagedDatabaseAndTouchesNothing() throws Exception {
        fill(300);
        checkpoint();
        long pages = Files.size(db()) / PAGE;
        overwrite(db(), (pages / 2) * PAGE, 2 * PAGE, 5);
        String before = sha256(db());
        List<String> filesBefore;
        try (Stream<Path> files = Files.list(dir)) {
            filesBefore = files.map(p -> p.getFileName().toString()).sorted().toList();
        }

        assertThatThrownBy(() -> OutboxOpener.open(TestOutboxes.options(dir), Optional.empty(), Optional.empty(), false))
                .isInstanceOf(OutboxOpener.DamagedDatabase.class)
                .hasMessageContaining("damaged");

        assertThat(sha256(db())).isEqualTo(before);
        assertThat(damagedFiles()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(filesBefore);
        }
    }

    @Test
    void aGarbageFileIsNotRecoveredByAProcessThatMayNot() throws Exception {
        Files.createDirectories(dir);
        byte[] garbage = new byte[8192];
        new SplittableRandom(2).nextBytes(garbage);
        Files.write(db(), garbage);
        String before = sha256(db());
        assertThatThrownBy(() -> OutboxOpener.open(TestOutboxes.options(dir), Optional.empty(), Optional.empty(), false))
                .isInstanceOf(OutboxOpener.DamagedDatabase.class);
        assertThat(sha256(db())).isEqualTo(before);
        assertThat(damagedFiles()).isEmpty();
    }

    // ---------------------------------------------------------------- repeated damage

    @Test
    void aSecondRecoveryInTheSameSecondKeepsBothDamagedFiles() throws Exception {
        Clock frozen = Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC);
        OutboxOptions options = TestOutboxes.options(dir, frozen);
        List<String> hashes = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            try (SqliteOutbox outbox = TestOutboxes.open(options)) {
                outbox.append(records.applications(3));
            }
            Files.deleteIfExists(dir.resolve("outbox.db-wal"));
            Files.deleteIfExists(dir.resolve("outbox.db-shm"));
            byte[] garbage = new byte[16 * 1024];
            new SplittableRandom(100 + round).nextBytes(garbage);
            Files.write(db(), garbage);
            hashes.add(sha256(db()));
            OutboxOpener.Opened opened = openRecovering(options);
            opened.outbox().close();
            assertThat(opened.recovery()).isPresent();
        }
        List<Path> aside = damagedFiles();
        assertThat(aside).as("each damaged database is kept, none overwritten").hasSize(2);
        List<String> asideHashes = new ArrayList<>();
        for (Path p : aside) {
            asideHashes.add(sha256(p));
        }
        assertThat(asideHashes).containsExactlyInAnyOrderElementsOf(hashes);
    }
}
