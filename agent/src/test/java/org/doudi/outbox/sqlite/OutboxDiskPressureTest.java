package org.doudi.outbox.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.doudi.outbox.OutboxCounts;
import org.doudi.outbox.OutboxFull;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.Outgoing;
import org.doudi.outbox.Receipt;
import org.doudi.record.Envelope;
import org.doudi.record.NewRecord;
import org.doudi.record.RecordType;
import org.doudi.record.SeqRange;
import org.doudi.testsupport.TestOutboxes;
import org.doudi.testsupport.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxDiskPressureTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private final TestRecords records = new TestRecords(5);

    // ---------------------------------------------------------------- database size cap

    private static void assertIntact(List<Outgoing> claimed, Map<Long, NewRecord> expected) {
        assertThat(claimed.stream().map(Outgoing::seq).toList()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Outgoing o : claimed) {
            Envelope e = TestRecords.decode(o.envelope());
            NewRecord original = expected.get(o.seq());
            assertThat(e.seq()).isEqualTo(o.seq());
            assertThat(e.recordId()).isEqualTo(original.recordId());
            assertThat(e.payload()).isEqualTo(original.payload());
        }
    }

    /** Appends 6 KiB records one at a time until the outbox says it is full. */
    private static Map<Long, NewRecord> fillUntilFull(SqliteOutbox outbox, OutboxFull[] failure) throws Exception {
        Map<Long, NewRecord> stored = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            NewRecord r = TestRecords.bigEvent(6 * 1024);
            try {
                Receipt receipt = outbox.append(List.of(r)).getFirst();
                assertThat(receipt.seq()).isEqualTo(stored.size() + 1L);
                stored.put(receipt.seq(), r);
            } catch (OutboxFull full) {
                failure[0] = full;
                return stored;
            }
        }
        throw new AssertionError("the outbox never refused a record although capped at 256 KiB");
    }

    @Test
    void hittingTheSizeCapRefusesWithDatabaseFullAndKeepsEverythingStoredBefore() throws Exception {
        OutboxOptions capped = TestOutboxes.options(dir).withMaxDatabaseBytes(256 * 1024);
        OutboxFull[] failure = new OutboxFull[1];
        Map<Long, NewRecord> stored;
        try (SqliteOutbox outbox = TestOutboxes.open(capped)) {
            stored = fillUntilFull(outbox, failure);
            assertThat(failure[0].reason()).isEqualTo(OutboxFull.Cause.DATABASE_FULL);
            assertThat(stored).hasSizeGreaterThan(5);
            // The refused record took no seq, and a batch is refused as a whole.
            assertThat(outbox.counts().lastSeq()).isEqualTo(stored.size());
            assertThat(catchThrowableOfType(OutboxFull.class,
                    () -> outbox.append(List.of(TestRecords.bigEvent(10), TestRecords.bigEvent(6 * 1024)))))
                    .isNotNull();
            assertThat(outbox.counts().lastSeq()).isEqualTo(stored.size());
            assertThat(outbox.counts().count(OutboxState.PENDING)).isEqualTo(stored.size());

            // Bookkeeping still works on a full database: everything can be sent.
            List<Outgoing> claimed = outbox.claim(10_000);
            assertIntact(claimed, stored);
            outbox.markPublished(claimed.stream().map(Outgoing::seq).toList());
            assertThat(outbox.counts().count(OutboxState.PUBLISHED)).isEqualTo(stored.size());
        }
        // Restart with a bigger cap: nothing lost, appends work again, numbering continues.
        try (SqliteOutbox outbox = TestOutboxes.open(TestOutboxes.options(dir).withMaxDatabaseBytes(4 * MIB))) {
            assertThat(outbox.counts().count(OutboxState.PUBLISHED)).isEqualTo(stored.size());
            NewRecord next = TestRecords.bigEvent(6 * 1024);
            assertThat(outbox.append(List.of(next))).extracting(Receipt::seq).containsExactly(stored.size() + 1L);
        }
    }

    @Test
    void underTheCapSavingResumesByItselfOnceAcknowledgedRecordsArePurged() throws Exception {
        OutboxFull[] failure = new OutboxFull[1];
        try (SqliteOutbox outbox = TestOutboxes.open(TestOutboxes.options(dir).withMaxDatabaseBytes(256 * 1024))) {
            Map<Long, NewRecord> stored = fillUntilFull(outbox, failure);
            assertThat(failure[0].reason()).isEqualTo(OutboxFull.Cause.DATABASE_FULL);
            long last = stored.size();
            // The centre acknowledges the oldest half; retention lets them go.
            outbox.acknowledge(List.of(new SeqRange(1, last / 2)));
            assertThat(outbox.purgeAcknowledged(Duration.ZERO)).isEqualTo((int) (last / 2));
            Receipt r = outbox.append(List.of(TestRecords.bigEvent(6 * 1024))).getFirst();
            assertThat(r.seq()).isEqualTo(last + 1);
            Map<Long, NewRecord> stillThere = new HashMap<>();
            stored.forEach((seq, rec) -> {
                if (seq > last / 2) {
                    stillThere.put(seq, rec);
                }
            });
            List<Outgoing> claimed = outbox.claim(10_000);
            assertThat(claimed).hasSize(stillThere.size() + 1);
            assertIntact(claimed.stream().filter(o -> o.seq() <= last).toList(), stillThere);
        }
    }

    // ---------------------------------------------------------------- free space thresholds

    private static final long REFUSE = 32 * MIB;
    private static final long SHED = 128 * MIB;

    private OutboxOptions pressured(AtomicLong free) {
        return new OutboxOptions(dir, REFUSE, SHED, 0, 0, free::get, Clock.systemUTC());
    }

    @Test
    void belowTheRefusalThresholdBusinessRecordsAreRefusedAndNothingIsLost() throws Exception {
        AtomicLong free = new AtomicLong(10L << 30);
        try (SqliteOutbox outbox = TestOutboxes.open(pressured(free))) {
            List<NewRecord> kept = records.applications(5);
            outbox.append(kept);
            free.set(REFUSE - 1);
            OutboxFull full = catchThrowableOfType(OutboxFull.class, () -> outbox.append(List.of(records.application())));
            assertThat(full).isNotNull();
            assertThat(full.reason()).isEqualTo(OutboxFull.Cause.LOW_DISK_SPACE);
            OutboxFull helpRefused = catchThrowableOfType(OutboxFull.class,
                    () -> outbox.append(List.of(records.of(RecordType.HELP_REQUEST))));
            assertThat(helpRefused.reason()).isEqualTo(OutboxFull.Cause.LOW_DISK_SPACE);
            assertThat(catchThrowableOfType(OutboxFull.class, () -> outbox.append(List.of(TestRecords.event("a.b")))))
                    .isNotNull();

            OutboxCounts c = outbox.counts();
            assertThat(c.lastSeq()).isEqualTo(5);
            assertThat(c.count(OutboxState.PENDING)).isEqualTo(5);
            Map<Long, NewRecord> expected = new HashMap<>();
            for (int i = 0; i < kept.size(); i++) {
                expected.put(i + 1L, kept.get(i));
            }
            assertIntact(outbox.claim(100), expected);

            // Space comes back: saving resumes with the next seq, no restart needed.
            free.set(SHED + 1);
            assertThat(outbox.append(List.of(records.application()))).extracting(Receipt::seq).containsExactly(6L);
        }
    }

    @Test
    void betweenTheThresholdsEventsAreRefusedAckedRecordsPurgedAndEventPayloadsShed() throws Exception {
        AtomicLong free = new AtomicLong(10L << 30);
        try (SqliteOutbox outbox = TestOutboxes.open(pressured(free))) {
            NewRecord app1 = records.application();
            NewRecord app2 = records.application();
            NewRecord pendingEvent = TestRecords.event("printer.paper_low");
            NewRecord publishedEvent = TestRecords.event("queue.backlog");
            NewRecord ackedEvent = TestRecords.event("agent.started");
            NewRecord check = records.of(RecordType.WELFARE_CHECK);
            // seq:            1     2            3             4               5        6
            outbox.append(List.of(app1, ackedEvent, pendingEvent, publishedEvent, app2, check));
            outbox.acknowledge(List.of(new SeqRange(1, 2)));      // app1, ackedEvent acknowledged
            List<Outgoing> claimed = outbox.claim(100);
            outbox.markPublished(List.of(4L));
            outbox.release(claimed.stream().map(Outgoing::seq).filter(s -> s != 4L).toList());

            free.set(64 * MIB);
            OutboxFull eventsRefused = catchThrowableOfType(OutboxFull.class,
                    () -> outbox.append(List.of(TestRecords.event("disk.space_low"))));
            assertThat(eventsRefused).isNotNull();
            assertThat(eventsRefused.reason()).isEqualTo(OutboxFull.Cause.LOW_DISK_SPACE);
            assertThat(outbox.counts().lastSeq()).isEqualTo(6);

            NewRecord app3 = records.application();
            assertThat(outbox.append(List.of(app3))).extracting(Receipt::seq).containsExactly(7L);

            OutboxCounts c = outbox.counts();
            assertThat(c.count(OutboxState.ACKNOWLEDGED)).as("acknowledged records purged early").isZero();
            assertThat(c.count(OutboxState.PUBLISHED)).isEqualTo(1);
            assertThat(c.count(OutboxState.PENDING)).isEqualTo(4);

            outbox.requeueUnacknowledged(Duration.ZERO);
            Map<Long, Envelope> bySeq = new HashMap<>();
            for (Outgoing o : outbox.claim(100)) {
                bySeq.put(o.seq(), TestRecords.decode(o.envelope()));
            }
            assertThat(bySeq.keySet()).containsExactlyInAnyOrder(3L, 4L, 5L, 6L, 7L);
            for (long seq : List.of(3L, 4L)) {
                Envelope tomb = bySeq.get(seq);
                NewRecord original = seq == 3 ? pendingEvent : publishedEvent;
                assertThat(tomb.seq()).isEqualTo(seq);
                assertThat(tomb.recordId()).isEqualTo(original.recordId());
                assertThat(tomb.type()).isEqualTo(RecordType.EVENT);
                assertThat(tomb.payload().readableJson().orElseThrow().path("name").asText()).isEqualTo("outbox.shed");
                assertThat(tomb.payload().readableJson().orElseThrow().path("details").path("original_name").asText())
                        .isEqualTo(original.payload().readableJson().orElseThrow().path("name").asText());
            }
            // Business records are never shed.
            assertThat(bySeq.get(5L).payload()).isEqualTo(app2.payload());
            assertThat(bySeq.get(6L).payload()).isEqualTo(check.payload());
            assertThat(bySeq.get(7L).payload()).isEqualTo(app3.payload());

            // A tombstone still decodes as a valid event payload.
            JsonNode tombPayload = bySeq.get(3L).payload().readableJson().orElseThrow();
            new org.doudi.record.PayloadValidator().validate(RecordType.EVENT, tombPayload);

            // Space comes back: events are stored again.
            free.set(SHED);
            assertThat(outbox.append(List.of(TestRecords.event("disk.space_ok")))).extracting(Receipt::seq)
                    .containsExactly(8L);
        }
    }

    @Test
    void theBallastIsKeptWhileThereIsRoomAndGivenUpWhenTheDatabaseIsFull() throws Exception {
        long reserve = 256 * 1024;
        OutboxOptions options = new OutboxOptions(dir, 0, 0, reserve, 256 * 1024, () -> 10L << 30, Clock.systemUTC());
        Path ballast = dir.resolve("reserve.bin");
        try (SqliteOutbox outbox = TestOutboxes.open(options)) {
            assertThat(ballast).exists();
            assertThat(Files.size(ballast)).isEqualTo(reserve);
            OutboxFull[] failure = new OutboxFull[1];
            fillUntilFull(outbox, failure);
            assertThat(failure[0].reason()).isEqualTo(OutboxFull.Cause.DATABASE_FULL);
            assertThat(ballast).doesNotExist();
        }
    }

    @Test
    void aMixedBatchUnderPressureKeepsItsReceiptsAlignedWithItsRecords() throws Exception {
        AtomicLong free = new AtomicLong(64 * MIB);
        try (SqliteOutbox outbox = TestOutboxes.open(pressured(free))) {
            List<NewRecord> batch = new ArrayList<>(List.of(records.application(), TestRecords.event("x.y"),
                    records.of(RecordType.HELP_REQUEST)));
            List<Receipt> receipts = outbox.append(batch);
            assertThat(receipts).hasSize(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                assertThat(receipts.get(i).recordId()).isEqualTo(batch.get(i).recordId());
            }
        }
    }
}
