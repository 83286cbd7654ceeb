package org.doudi.outbox.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.doudi.outbox.OutboxCounts;
import org.doudi.outbox.OutboxFailure;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.Outgoing;
import org.doudi.outbox.Receipt;
import org.doudi.record.Envelope;
import org.doudi.record.NewRecord;
import org.doudi.record.Priority;
import org.doudi.record.RecordType;
import org.doudi.record.SeqRange;
import org.doudi.testsupport.MutableClock;
import org.doudi.testsupport.TestOutboxes;
import org.doudi.testsupport.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxStateMachineTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @TempDir
    Path dir;

    private final TestRecords records = new TestRecords(42);
    private final MutableClock clock = new MutableClock(T0);
    private SqliteOutbox outbox;

    @BeforeEach
    void open() {
        outbox = TestOutboxes.open(TestOutboxes.options(dir, clock));
    }

    @AfterEach
    void close() {
        if (outbox != null) {
            outbox.close();
        }
    }

    private void reopen() {
        outbox.close();
        outbox = TestOutboxes.open(TestOutboxes.options(dir, clock));
    }

    private static List<Long> seqs(List<Outgoing> out) {
        return out.stream().map(Outgoing::seq).toList();
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    private List<Receipt> append(List<NewRecord> batch) throws Exception {
        return outbox.append(batch);
    }

    // ---------------------------------------------------------------- resend

    @Test
    void resendPutsHeldRecordsOfTheRangeBackToPendingAndCountsPurgedOnesAsGone() throws Exception {
        append(records.applications(6));
        outbox.markPublished(seqs(outbox.claim(6)));
        outbox.acknowledge(List.of(new SeqRange(1, 3)));
        outbox.purgeAcknowledged(Duration.ZERO);

        org.doudi.outbox.Outbox.Resent resent = outbox.resend(new SeqRange(2, 5));

        assertThat(resent.requeued()).isEqualTo(2);
        assertThat(resent.gone()).isEqualTo(2);
        assertThat(seqs(outbox.claim(10))).containsExactly(4L, 5L);
        assertThat(outbox.counts().count(OutboxState.PUBLISHED)).isEqualTo(1);
    }

    @Test
    void resendSendsAcknowledgedRecordsAgainAndLeavesRecordsInFlightAlone() throws Exception {
        append(records.applications(3));
        outbox.markPublished(seqs(outbox.claim(1)));
        outbox.acknowledge(List.of(new SeqRange(1, 1)));
        List<Outgoing> inFlight = outbox.claim(1);

        assertThat(outbox.resend(new SeqRange(1, 3))).isEqualTo(new org.doudi.outbox.Outbox.Resent(1, 0));
        assertThat(seqs(outbox.claim(10))).containsExactly(1L, 3L);
        assertThat(seqs(inFlight)).containsExactly(2L);
    }

    // ---------------------------------------------------------------- append

    @Test
    void appendAssignsGapFreeSeqsAndReturnsReceiptsInInputOrder() throws Exception {
        List<NewRecord> first = records.applications(5);
        List<Receipt> r1 = append(first);
        assertThat(r1).extracting(Receipt::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(r1).extracting(Receipt::recordId).containsExactlyElementsOf(first.stream().map(NewRecord::recordId).toList());

        List<NewRecord> second = List.of(records.of(RecordType.EVENT), records.of(RecordType.WELFARE_CHECK));
        List<Receipt> r2 = append(second);
        assertThat(r2).extracting(Receipt::seq).containsExactly(6L, 7L);
        assertThat(r2).extracting(Receipt::recordId).containsExactly(second.get(0).recordId(), second.get(1).recordId());

        assertThat(append(List.of())).isEmpty();
        assertThat(append(List.of(records.application()))).extracting(Receipt::seq).containsExactly(8L);
        assertThat(outbox.counts().lastSeq()).isEqualTo(8);
        assertThat(outbox.counts().count(OutboxState.PENDING)).isEqualTo(8);
    }

    @Test
    void storedEnvelopeCarriesIdentitySeqAndTheUnchangedPayload() throws Exception {
        NewRecord r = records.of(RecordType.APPLICATION);
        append(List.of(r));
        Outgoing out = outbox.claim(10).getFirst();
        Envelope e = TestRecords.decode(out.envelope());
        assertThat(e.seq()).isEqualTo(1);
        assertThat(e.recordId()).isEqualTo(r.recordId());
        assertThat(e.deviceId()).isEqualTo(TestOutboxes.DEVICE);
        assertThat(e.township()).isEqualTo(TestOutboxes.TOWNSHIP);
        assertThat(e.type()).isEqualTo(RecordType.APPLICATION).isEqualTo(out.type());
        assertThat(e.createdAt()).isEqualTo(r.createdAt());
        assertThat(e.priority()).isEqualTo(r.priority());
        assertThat(e.payload()).isEqualTo(r.payload());
    }

    @Test
    void aFailedBatchStoresNothingAndConsumesNoSeq() throws Exception {
        NewRecord a = records.application();
        append(List.of(a));
        NewRecord b = records.application();
        // The same record_id twice: the whole batch must roll back.
        assertThatThrownBy(() -> append(List.of(b, a))).isInstanceOf(OutboxFailure.class);
        assertThat(outbox.counts().lastSeq()).isEqualTo(1);
        assertThat(outbox.counts().count(OutboxState.PENDING)).isEqualTo(1);
        assertThat(append(List.of(b))).extracting(Receipt::seq).containsExactly(2L);
    }

    // ---------------------------------------------------------------- claim

    @Test
    void claimReturnsPriorityOrderThenSeq() throws Exception {
        List<NewRecord> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch.add(records.of(RecordType.EVENT));
            batch.add(records.of(RecordType.DAILY_REPORT));
            batch.add(records.of(RecordType.WELFARE_CHECK));
            batch.add(records.application());
            batch.add(records.emergencyApplication());
            batch.add(records.of(RecordType.HELP_REQUEST));
        }
        Collections.shuffle(batch, new Random(7));
        List<Receipt> receipts = append(batch);

        List<Outgoing> claimed = outbox.claim(1000);
        assertThat(claimed).hasSize(batch.size());
        List<Integer> ranks = new ArrayList<>();
        for (Outgoing o : claimed) {
            ranks.add(TestRecords.decode(o.envelope()).priority().rank());
        }
        assertThat(ranks).isSorted();
        assertThat(ranks.getFirst()).isEqualTo(Priority.EMERGENCY.rank());
        assertThat(ranks.getLast()).isEqualTo(Priority.EVENT.rank());
        // Within one priority, seq order.
        for (int i = 1; i < claimed.size(); i++) {
            if (ranks.get(i).equals(ranks.get(i - 1))) {
                assertThat(claimed.get(i).seq()).isGreaterThan(claimed.get(i - 1).seq());
            }
        }
        assertThat(seqs(claimed)).containsExactlyInAnyOrderElementsOf(receipts.stream().map(Receipt::seq).toList());
        // Priorities as the enum orders them: EMERGENCY, APPLICATION, WELFARE_CHECK, REPORT, EVENT.
        assertThat(claimed.stream().map(o -> TestRecords.decode(o.envelope()).priority()).distinct().toList())
                .containsExactly(Priority.EMERGENCY, Priority.APPLICATION, Priority.WELFARE_CHECK, Priority.REPORT,
                        Priority.EVENT);
    }

    @Test
    void anEmergencyAppendedLaterJumpsAheadOfAnOlderBacklog() throws Exception {
        append(List.of(records.of(RecordType.EVENT), records.of(RecordType.DAILY_REPORT), records.application()));
        append(List.of(records.of(RecordType.HELP_REQUEST)));
        assertThat(seqs(outbox.claim(1))).containsExactly(4L);
        assertThat(seqs(outbox.claim(1))).containsExactly(3L);
    }

    @Test
    void anEmergencyStoredWhileABacklogIsBeingSentGoesNext() throws Exception {
        append(records.applications(10));
        assertThat(seqs(outbox.claim(4))).containsExactly(1L, 2L, 3L, 4L);
        append(List.of(records.emergencyApplication()));
        assertThat(seqs(outbox.claim(3))).containsExactly(11L, 5L, 6L);
    }

    @Test
    void recordsPutBackBehindTheResumePointAreClaimedAgainInOrder() throws Exception {
        append(records.applications(10));
        outbox.claim(6);
        outbox.release(List.of(2L, 3L));
        assertThat(seqs(outbox.claim(3))).containsExactly(2L, 3L, 7L);
        outbox.markPublished(List.of(1L, 4L));
        clock.advance(Duration.ofHours(1));
        outbox.requeueUnacknowledged(Duration.ofMinutes(1)); // 1 and 4 come back
        assertThat(seqs(outbox.claim(10))).containsExactly(1L, 4L, 8L, 9L, 10L);
    }

    /**
     * The claim resumes where the last one stopped instead of walking past every record being sent; a
     * model of the send order (pending, not being sent, by priority then seq) checks it through random
     * appends of every priority, claims, PUBACKs, releases, acknowledgements, requeues and lost links.
     */
    @Test
    void claimsFollowTheSendOrderThroughRandomOperations() throws Exception {
        Random random = new Random(11);
        java.util.Map<Long, Integer> pendingRanks = new java.util.HashMap<>(); // seq -> rank, pending on disk
        java.util.Set<Long> beingSent = new java.util.HashSet<>();
        java.util.Map<Long, Integer> publishedRanks = new java.util.HashMap<>();
        for (int step = 0; step < 3000; step++) {
            int op = random.nextInt(100);
            if (op < 20) {
                List<NewRecord> batch = new ArrayList<>();
                for (int i = random.nextInt(4); i >= 0; i--) {
                    batch.add(random.nextInt(6) == 0 ? records.emergencyApplication()
                            : records.of(RecordType.values()[random.nextInt(RecordType.values().length)]));
                }
                List<Receipt> got = append(batch);
                for (int i = 0; i < got.size(); i++) {
                    pendingRanks.put(got.get(i).seq(), batch.get(i).priority().rank());
                }
            } else if (op < 55) {
                int max = 1 + random.nextInt(8);
                List<Long> expected = pendingRanks.keySet().stream().filter(seq -> !beingSent.contains(seq))
                        .sorted(java.util.Comparator.<Long>comparingInt(pendingRanks::get).thenComparing(seq -> seq))
                        .limit(max).toList();
                assertThat(seqs(outbox.claim(max))).as("claim at step %d", step).containsExactlyElementsOf(expected);
                beingSent.addAll(expected);
            } else if (op < 75) {
                List<Long> acked = pick(random, beingSent);
                outbox.markPublished(acked);
                acked.forEach(seq -> {
                    beingSent.remove(seq);
                    publishedRanks.put(seq, pendingRanks.remove(seq));
                });
            } else if (op < 85) {
                List<Long> back = pick(random, beingSent);
                outbox.release(back);
                back.forEach(beingSent::remove);
            } else if (op < 92) {
                List<Long> all = new ArrayList<>(publishedRanks.keySet());
                if (!all.isEmpty()) {
                    long seq = all.get(random.nextInt(all.size()));
                    outbox.acknowledge(List.of(new SeqRange(seq, seq)));
                    publishedRanks.remove(seq);
                }
            } else if (op < 96) {
                clock.advance(Duration.ofHours(1));
                outbox.requeueUnacknowledged(Duration.ofMinutes(1));
                pendingRanks.putAll(publishedRanks);
                publishedRanks.clear();
            } else {
                outbox.recoverInterruptedSends();
                beingSent.clear();
            }
        }
    }

    private static List<Long> pick(Random random, java.util.Set<Long> from) {
        return from.stream().sorted().filter(seq -> random.nextInt(3) == 0).toList();
    }

    @Test
    void claimMarksSendingSoASecondClaimDoesNotReturnThem() throws Exception {
        append(records.applications(10));
        assertThat(outbox.claim(0)).isEmpty();
        List<Outgoing> first = outbox.claim(4);
        assertThat(seqs(first)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(outbox.counts().count(OutboxState.SENDING)).isEqualTo(4);
        assertThat(outbox.counts().count(OutboxState.PENDING)).isEqualTo(6);
        List<Outgoing> second = outbox.claim(100);
        assertThat(seqs(second)).containsExactlyElementsOf(range(5, 10));
        assertThat(outbox.claim(100)).isEmpty();
        assertThat(outbox.counts().count(OutboxState.SENDING)).isEqualTo(10);
    }

    @Test
    void aPubackForARecordNoLongerBeingSentIsIgnored() throws Exception {
        append(records.applications(3));
        outbox.claim(2);
        outbox.recoverInterruptedSends();       // the link was lost: 1 and 2 are pending again
        outbox.markPublished(List.of(1L, 2L));  // their PUBACKs arrive late
        assertThat(outbox.counts().count(OutboxState.PUBLISHED)).isZero();
        assertThat(seqs(outbox.claim(10))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void releaseReturnsSendingRecordsToPendingOnly() throws Exception {
        append(records.applications(6));
        outbox.claim(6);
        outbox.markPublished(List.of(5L, 6L));
        outbox.release(List.of(1L, 2L, 5L));
        OutboxCounts c = outbox.counts();
        assertThat(c.count(OutboxState.PENDING)).isEqualTo(2);
        assertThat(c.count(OutboxState.SENDING)).isEqualTo(2);
        assertThat(c.count(OutboxState.PUBLISHED)).isEqualTo(2); // 5 was published: release must not touch it
        assertThat(seqs(outbox.claim(100))).containsExactly(1L, 2L);
    }

    @Test
    void markPublishedOnlyAffectsSendingRecords() throws Exception {
        append(records.applications(6));
        outbox.claim(2); // 1, 2 sending
        outbox.acknowledge(List.of(new SeqRange(6, 6)));
        outbox.markPublished(List.of(1L, 3L, 4L, 6L)); // 3, 4 pending; 6 acknowledged
        OutboxCounts c = outbox.counts();
        assertThat(c.count(OutboxState.PUBLISHED)).isEqualTo(1);
        assertThat(c.count(OutboxState.SENDING)).isEqualTo(1);
        assertThat(c.count(OutboxState.PENDING)).isEqualTo(3);
        assertThat(c.count(OutboxState.ACKNOWLEDGED)).isEqualTo(1);
        assertThat(seqs(outbox.claim(100))).containsExactly(3L, 4L, 5L);
    }

    @Test
    void manySeqsAtOnceAreHandled() throws Exception {
        // More than one SQL variable chunk (500).
        List<NewRecord> batch = new ArrayList<>();
        for (int i = 0; i < 1203; i++) {
            batch.add(TestRecords.event("test.bulk"));
        }
        append(batch);
        List<Outgoing> claimed = outbox.claim(2000);
        assertThat(claimed).hasSize(1203);
        outbox.markPublished(seqs(claimed));
        assertThat(outbox.counts().count(OutboxState.PUBLISHED)).isEqualTo(1203);
    }

    // ---------------------------------------------------------------- acknowledge

    @Test
    void acknowledgeMovesAnyStateToAcknowledgedAndIsIdempotent() throws Exception {
        append(records.applications(8));
        outbox.claim(4);                           // 1..4 sending
        outbox.markPublished(List.of(1L, 2L));     // 1, 2 published; 5..8 pending
        int changed = outbox.acknowledge(List.of(new SeqRange(1, 1), new SeqRange(3, 6)));
        assertThat(changed).isEqualTo(5);          // published 1, sending 3-4, pending 5-6
        assertThat(outbox.acknowledge(List.of(new SeqRange(1, 1), new SeqRange(3, 6)))).isZero();
        assertThat(outbox.acknowledge(List.of(new SeqRange(100, 200)))).isZero();

        OutboxCounts c = outbox.counts();
        assertThat(c.count(OutboxState.ACKNOWLEDGED)).isEqualTo(5);
        assertThat(c.count(OutboxState.PUBLISHED)).isEqualTo(1);
        assertThat(c.count(OutboxState.PENDING)).isEqualTo(2);
        assertThat(c.count(OutboxState.SENDING)).isZero();
        assertThat(c.unacknowledged()).isEqualTo(3);

        // Nothing brings an acknowledged record back.
        outbox.release(List.of(3L, 4L));
        outbox.markPublished(List.of(3L, 4L));
        outbox.recoverInterruptedSends();
        clock.advance(Duration.ofDays(1));
        outbox.requeueUnacknowledged(Duration.ZERO);
        assertThat(outbox.counts().count(OutboxState.ACKNOWLEDGED)).isEqualTo(5);
        assertThat(seqs(outbox.claim(100))).containsExactly(2L, 7L, 8L);
    }

    // ---------------------------------------------------------------- recovery and requeue

    @Test
    void recoverInterruptedSendsReturnsOnlySendingToPending() throws Exception {
        append(records.applications(5));
        outbox.claim(3);
        outbox.markPublished(List.of(1L));
        assertThat(outbox.recoverInterruptedSends()).isEqualTo(2);
        OutboxCounts c = outbox.counts();
        assertThat(c.count(OutboxState.SENDING)).isZero();
        assertThat(c.count(OutboxState.PUBLISHED)).isEqualTo(1);
        assertThat(c.count(OutboxState.PENDING)).isEqualTo(4);
        assertThat(outbox.recoverInterruptedSends()).isZero();
    }

    @Test
    void recordsBeingSentAtACrashArePendingAfterIt() throws Exception {
        append(records.applications(3));
        outbox.claim(3);
        reopen();
        OutboxCounts c = outbox.counts();
        assertThat(c.count(OutboxState.SENDING)).isZero();
        assertThat(c.count(OutboxState.PENDING)).isEqualTo(3);
        assertThat(seqs(outbox.claim(10))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void sendingRowsLeftOnDiskByAnEarlierAgentAreRecovered() throws Exception {
        append(records.applications(3));
        outbox.close();
        try (java.sql.Connection c = SqliteConnections.open(dir.resolve("outbox.db").toString(),
                SqliteConnections.Durability.NORMAL, 0, false); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE progress SET state = 1 WHERE seq <= 2"); // as agents before decision 0011 wrote it
        }
        outbox = TestOutboxes.open(TestOutboxes.options(dir, clock));
        assertThat(outbox.counts().count(OutboxState.SENDING)).isEqualTo(2);
        assertThat(seqs(outbox.claim(10))).containsExactly(3L);
        assertThat(outbox.recoverInterruptedSends()).isEqualTo(3); // 1 in memory, 2 on disk
        assertThat(seqs(outbox.claim(10))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void requeueUnacknowledgedUsesPublishTimeAndTheInjectedClock() throws Exception {
        append(records.applications(5));
        outbox.claim(5);
        outbox.markPublished(List.of(1L, 2L, 3L));      // published at T0
        clock.advance(Duration.ofMinutes(6));
        outbox.markPublished(List.of(4L, 5L));          // published at T0 + 6m
        clock.advance(Duration.ofMinutes(5));           // now T0 + 11m

        assertThat(outbox.requeueUnacknowledged(Duration.ofMinutes(10))).isEqualTo(3);
        assertThat(outbox.counts().count(OutboxState.PUBLISHED)).isEqualTo(2);
        assertThat(seqs(outbox.claim(10))).containsExactly(1L, 2L, 3L);
        assertThat(outbox.requeueUnacknowledged(Duration.ofMinutes(10))).isZero();

        clock.advance(Duration.ofMinutes(6));           // now T0 + 17m: 4, 5 are 11 minutes old
        assertThat(outbox.requeueUnacknowledged(Duration.ofMinutes(10))).isEqualTo(2);
        assertThat(outbox.counts().count(OutboxState.PUBLISHED)).isZero();
    }

    @Test
    void requeueNeverTouchesPendingSendingOrAcknowledged() throws Exception {
        append(records.applications(4));
        outbox.claim(2);
        outbox.acknowledge(List.of(new SeqRange(2, 2)));
        clock.advance(Duration.ofDays(30));
        assertThat(outbox.requeueUnacknowledged(Duration.ofMinutes(1))).isZero();
        OutboxCounts c = outbox.counts();
        assertThat(c.count(OutboxState.SENDING)).isEqualTo(1);
        assertThat(c.count(OutboxState.ACKNOWLEDGED)).isEqualTo(1);
        assertThat(c.count(OutboxState.PENDING)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- purge

    @Test
    void purgeAcknowledgedRespectsRetentionAndNeverDeletesUnacknowledged() throws Exception {
        append(records.applications(6));
        outbox.acknowledge(List.of(new SeqRange(1, 2)));   // acked at T0
        clock.advance(Duration.ofDays(3));
        outbox.acknowledge(List.of(new SeqRange(3, 4)));   // acked at T0 + 3d
        clock.advance(Duration.ofDays(4).plusSeconds(1));  // T0 + 7d + 1s

        assertThat(outbox.purgeAcknowledged(Duration.ofDays(7))).isEqualTo(2);
        assertThat(outbox.counts().count(OutboxState.ACKNOWLEDGED)).isEqualTo(2);
        assertThat(outbox.purgeAcknowledged(Duration.ofDays(7))).isZero();

        clock.advance(Duration.ofDays(365));
        assertThat(outbox.purgeAcknowledged(Duration.ofDays(7))).isEqualTo(2);
        OutboxCounts c = outbox.counts();
        assertThat(c.count(OutboxState.ACKNOWLEDGED)).isZero();
        assertThat(c.count(OutboxState.PENDING)).isEqualTo(2); // 5, 6: a year old but never acknowledged
        assertThat(seqs(outbox.claim(10))).containsExactly(5L, 6L);
    }

    // ---------------------------------------------------------------- counts

    @Test
    void countsReportStatesOldestUnacknowledgedAndLastSeq() throws Exception {
        OutboxCounts empty = outbox.counts();
        assertThat(empty.lastSeq()).isZero();
        assertThat(empty.oldestPendingSince()).isEmpty();
        assertThat(empty.unacknowledged()).isZero();

        append(records.applications(2));                  // enqueued at T0
        clock.advance(Duration.ofHours(1));
        append(records.applications(2));                  // enqueued at T0 + 1h
        assertThat(outbox.counts().oldestPendingSince()).contains(T0);
        assertThat(outbox.counts().lastSeq()).isEqualTo(4);

        outbox.acknowledge(List.of(new SeqRange(1, 2)));
        assertThat(outbox.counts().oldestPendingSince()).contains(T0.plus(Duration.ofHours(1)));
        outbox.acknowledge(List.of(new SeqRange(3, 4)));
        assertThat(outbox.counts().oldestPendingSince()).isEmpty();
        assertThat(outbox.counts().lastSeq()).isEqualTo(4);
        assertThat(outbox.counts().count(OutboxState.ACKNOWLEDGED)).isEqualTo(4);
    }

    @Test
    void changeMarkerMovesWhenRecordsAreStored() throws Exception {
        long before = outbox.changeMarker();
        append(records.applications(1));
        long after = outbox.changeMarker();
        assertThat(after).isNotEqualTo(before);
        assertThat(outbox.changeMarker()).isEqualTo(after);
    }

    @Test
    void factsAreKeptAcrossReopen() {
        assertThat(outbox.fact("link.state")).isEmpty();
        outbox.putFact("link.state", "up");
        outbox.putFact("link.state", "down");
        reopen();
        assertThat(outbox.fact("link.state")).contains("down");
    }

    // ---------------------------------------------------------------- seq across restarts

    @Test
    void seqContinuesAfterCloseAndReopen() throws Exception {
        append(records.applications(3));
        reopen();
        assertThat(outbox.counts().lastSeq()).isEqualTo(3);
        assertThat(append(records.applications(2))).extracting(Receipt::seq).containsExactly(4L, 5L);
        assertThat(outbox.counts().count(OutboxState.PENDING)).isEqualTo(5);
    }

    @Test
    void seqIsNeverReusedAfterEverythingIncludingTheNewestIsPurged() throws Exception {
        append(records.applications(5));
        outbox.acknowledge(List.of(new SeqRange(1, 5)));
        assertThat(outbox.purgeAcknowledged(Duration.ZERO)).isEqualTo(5);
        assertThat(outbox.counts().byState().values().stream().mapToLong(Long::longValue).sum()).isZero();
        reopen();
        assertThat(outbox.counts().lastSeq()).isEqualTo(5);
        assertThat(append(records.applications(1))).extracting(Receipt::seq).containsExactly(6L);
        assertThat(TestRecords.decode(outbox.claim(1).getFirst().envelope()).seq()).isEqualTo(6);
    }
}
