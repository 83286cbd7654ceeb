package org.doudi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.doudi.link.TokenBucket;
import org.doudi.outbox.OutboxCounts;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.doudi.protocol.Topics;
import org.doudi.record.NewRecord;
import org.doudi.record.Priority;
import org.doudi.record.RecordType;
import org.doudi.record.SeqRange;
import org.doudi.testsupport.Await;
import org.doudi.testsupport.MutableClock;
import org.doudi.testsupport.TestOutboxes;
import org.doudi.testsupport.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxDrainerTest {
    private static final Duration ACK_TIMEOUT = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    private final TestRecords records = new TestRecords(23);
    private final FakeMqttLink link = new FakeMqttLink();
    private SqliteOutbox outbox;
    private ProbedOutbox probe;
    private OutboxDrainer drainer;

    private OutboxDrainer start(int window) {
        return start(window, new TokenBucket(0, 1, System::nanoTime));
    }

    private OutboxDrainer start(int window, TokenBucket bucket) {
        outbox = TestOutboxes.open(TestOutboxes.options(dir, clock));
        probe = new ProbedOutbox(outbox);
        drainer = new OutboxDrainer(probe, link, new Topics(outbox.identity()),
                new OutboxDrainer.Settings(window, ACK_TIMEOUT, Duration.ofDays(7), Duration.ofMillis(10),
                        Duration.ofMillis(10), Duration.ofHours(1)),
                bucket, clock);
        return drainer;
    }

    @AfterEach
    void stop() {
        if (drainer != null) {
            drainer.close();
        }
        link.close();
        if (outbox != null) {
            outbox.close();
        }
    }

    private long count(OutboxState state) {
        return outbox.counts().count(state);
    }

    private String state() {
        OutboxCounts c = outbox.counts();
        return "[outbox " + c.byState() + ", link outstanding " + link.outstanding() + ", publishes "
                + link.publishedSeqs().size() + ", busy refusals " + link.busyRefusals() + "]";
    }

    private void awaitPublished(long n) {
        Await.until(n + " records PUBLISHED", () -> count(OutboxState.PUBLISHED) == n, this::state);
    }

    /**
     * Waits until the drainer has gone through two more housekeeping passes (each needs the fake clock
     * to move by more than the 10 ms check interval; 1 s stays far below the acknowledgement timeout).
     * Whatever it decided to do in the first of them is then done.
     */
    private void awaitTwoDrainerPasses() {
        for (int i = 0; i < 2; i++) {
            int before = probe.requeueChecks.get();
            clock.advance(Duration.ofSeconds(1));
            Await.until("a drainer pass", () -> probe.requeueChecks.get() > before, this::state);
        }
    }

    private static List<Long> seqs(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    // ---------------------------------------------------------------- window

    @Test
    void neverMoreThanTheWindowInFlightWhenPubacksAreHeldBack() throws Exception {
        // Unpaced: "sending" covers the window in flight plus up to five windows claimed ahead of it.
        assertWindowHeld(4, new TokenBucket(0, 1, System::nanoTime), 6);
    }

    @Test
    void recordsBeingSentAreLeftForStatusInAnotherProcess() throws Exception {
        start(4);
        outbox.append(records.applications(6));
        drainer.start();
        drainer.linkUp();
        // The status command opens the outbox itself: it sees these records pending, and this fact.
        Await.until("the number being sent reported", () -> outbox.fact(AgentFacts.SENDING).equals(Optional.of("6")),
                this::state);
        while (count(OutboxState.PUBLISHED) < 6) {
            link.ackAll();
            Thread.sleep(5);
        }
        Await.until("none being sent reported", () -> outbox.fact(AgentFacts.SENDING).equals(Optional.of("0")),
                this::state);
    }

    @Test
    void pacedDrainingClaimsOnlyOneWindowAhead() throws Exception {
        // Paced: an emergency record stored now must not wait behind many seconds of paced backlog.
        assertWindowHeld(4, new TokenBucket(100_000, 100, System::nanoTime), 2);
    }

    private void assertWindowHeld(int window, TokenBucket bucket, int maxSendingWindows) throws Exception {
        start(window, bucket);
        outbox.append(records.applications(22));
        drainer.start();
        drainer.linkUp();
        int acked = 0;
        while (acked < 22) {
            int expected = Math.min(window, 22 - acked);
            Await.until("a full window in flight", () -> link.outstanding() == expected, this::state);
            assertThat(count(OutboxState.SENDING)).isBetween((long) expected, (long) maxSendingWindows * window);
            acked += link.ackAll();
            awaitPublished(acked); // until recorded, a PUBACKed record still counts as sending
        }
        awaitPublished(22);
        assertThat(link.maxOutstanding()).isEqualTo(window);
        assertThat(link.publishedSeqs()).containsExactlyElementsOf(seqs(1, 22)); // each once, in order
        assertThat(drainer.publishedTotal()).isEqualTo(22);
    }

    @Test
    void neverMoreThanTheWindowInFlightWithPubacksArrivingAtRandom() throws Exception {
        int window = 8;
        start(window);
        link.autoAck = true;
        drainer.start();
        drainer.linkUp();
        for (int i = 0; i < 6; i++) {
            outbox.append(records.applications(50));
            drainer.recordsAppended();
        }
        awaitPublished(300);
        assertThat(link.maxOutstanding()).isLessThanOrEqualTo(window).isGreaterThan(1);
        assertThat(link.publishedSeqs()).containsExactlyInAnyOrderElementsOf(seqs(1, 300));
    }

    @Test
    void recordsGoToTheirTypesTopicInPriorityOrder() throws Exception {
        start(1);
        List<NewRecord> backlog = List.of(TestRecords.event("agent.started"), records.of(RecordType.DAILY_REPORT),
                records.application(), records.of(RecordType.WELFARE_CHECK), records.of(RecordType.HELP_REQUEST));
        outbox.append(backlog);
        link.autoAck = true;
        drainer.start();
        drainer.linkUp();
        awaitPublished(5);
        List<FakeMqttLink.Publish> sent = link.accepted();
        assertThat(sent).extracting(p -> TestRecords.decode(p.payload()).priority()).containsExactly(
                Priority.EMERGENCY, Priority.APPLICATION, Priority.WELFARE_CHECK, Priority.REPORT, Priority.EVENT);
        Topics topics = new Topics(outbox.identity());
        for (FakeMqttLink.Publish p : sent) {
            assertThat(p.topic()).isEqualTo(topics.record(TestRecords.decode(p.payload()).type()));
        }
    }

    @Test
    void aPubackRefillsItsSlotOnTheClientsOwnThread() throws Exception {
        start(2);
        outbox.append(records.applications(6));
        drainer.start();
        drainer.linkUp();
        Await.until("window full", () -> link.outstanding() == 2, this::state);
        link.ackAll();
        Await.until("window full again", () -> link.publishedSeqs().size() == 4 && link.outstanding() == 2, this::state);
        List<FakeMqttLink.Publish> sent = link.accepted();
        assertThat(sent.subList(0, 2)).extracting(FakeMqttLink.Publish::thread).containsOnly("outbox-drainer");
        assertThat(sent.subList(2, 4)).as("no hand-off to the drainer for every PUBACK")
                .extracting(FakeMqttLink.Publish::thread).containsOnly("fake-link-puback");
        assertThat(link.publishedSeqs()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aFlappingLinkUnderRandomPubacksLosesNothingAndStrandsNothing() throws Exception {
        int window = 4;
        int total = 2000;
        start(window);
        outbox.append(records.applications(total));
        link.autoAck = true;
        drainer.start();
        drainer.linkUp();
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int flap = 0; flap < 25; flap++) {
            Thread.sleep(random.nextInt(1, 15));
            link.drop();
            drainer.linkDown();
            Thread.sleep(random.nextInt(0, 3));
            link.connected = true;
            drainer.linkUp();
        }
        Await.until("every record published, none left sending",
                () -> count(OutboxState.PUBLISHED) == total && count(OutboxState.SENDING) == 0, this::state);
        assertThat(link.publishedSeqs()).containsAll(seqs(1, total));
        assertThat(link.maxOutstanding()).isLessThanOrEqualTo(window);
    }

    // ---------------------------------------------------------------- back-pressure and failures

    @Test
    void linkBusySendsRecordsBackToPendingAndTheyArePublishedLater() throws Exception {
        start(8);
        outbox.append(records.applications(10));
        link.busy = true;
        drainer.start();
        drainer.linkUp();
        Await.until("several busy refusals", () -> link.busyRefusals() >= 3, this::state);
        Await.until("all records pending again after the refusals",
                () -> count(OutboxState.PENDING) == 10 && count(OutboxState.SENDING) == 0, this::state);
        assertThat(link.publishedSeqs()).isEmpty();

        link.autoAck = true;
        link.busy = false;
        awaitPublished(10);
        assertThat(link.publishedSeqs()).containsExactlyInAnyOrderElementsOf(seqs(1, 10));
    }

    @Test
    void aFailedPublishReleasesTheRestOfTheBatchAndRetries() throws Exception {
        start(8);
        outbox.append(records.applications(12));
        link.failNext(3);
        link.autoAck = true;
        drainer.start();
        drainer.linkUp();
        awaitPublished(12);
        assertThat(link.failures()).isEqualTo(3);
        assertThat(link.publishedSeqs()).containsExactlyInAnyOrderElementsOf(seqs(1, 12));
    }

    @Test
    void aFailedDeliveryIsSentAgain() throws Exception {
        start(4);
        outbox.append(records.applications(4));
        drainer.start();
        drainer.linkUp();
        Await.until("window full", () -> link.outstanding() == 4, this::state);
        assertThat(link.failAll()).isEqualTo(4);
        Await.until("republished after the failure", () -> link.publishedSeqs().size() == 8, this::state);
        link.ackAll();
        awaitPublished(4);
        List<Long> sent = link.publishedSeqs();
        assertThat(sent.subList(0, 4)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(sent.subList(4, 8)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    }

    // ---------------------------------------------------------------- link loss

    @Test
    void linkDownReturnsSendingRecordsToPendingAndLinkUpSendsThemAgain() throws Exception {
        start(4);
        outbox.append(records.applications(6));
        drainer.start();
        drainer.linkUp();
        Await.until("window full", () -> link.outstanding() == 4, this::state);
        assertThat(count(OutboxState.SENDING)).as("the window in flight and the rest claimed ahead").isEqualTo(6);

        List<FakeMqttLink.Publish> lost = link.drop();
        assertThat(lost).hasSize(4);
        drainer.linkDown();
        Await.until("in-flight records pending again",
                () -> count(OutboxState.PENDING) == 6 && count(OutboxState.SENDING) == 0, this::state);

        // Appends while the link is down are kept for later.
        outbox.append(records.applications(2));
        drainer.recordsAppended();

        link.connected = true;
        link.autoAck = true;
        drainer.linkUp();
        awaitPublished(8);
        List<Long> all = link.publishedSeqs();
        assertThat(all.subList(0, 4)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(all.subList(4, all.size())).containsExactlyInAnyOrderElementsOf(seqs(1, 8));
    }

    @Test
    void stalePubacksFromADeadConnectionDoNotOpenTheWindow() throws Exception {
        int window = 3;
        start(window);
        outbox.append(records.applications(9));
        drainer.start();
        drainer.linkUp();
        Await.until("window full", () -> link.outstanding() == window, this::state);
        List<FakeMqttLink.Publish> old = link.drop();
        drainer.linkDown();
        Await.until("pending again", () -> count(OutboxState.SENDING) == 0, this::state);
        link.connected = true;
        drainer.linkUp();
        Await.until("window full on the new connection", () -> link.outstanding() == window, this::state);

        // PUBACKs of the old connection arrive late, on the link's thread: they must not count
        // against the new connection's window.
        Thread late = new Thread(() -> old.forEach(p -> p.delivery().delivered()));
        late.start();
        late.join();
        awaitTwoDrainerPasses();
        assertThat(link.outstanding()).as("in flight on the new connection").isEqualTo(window);
        assertThat(link.maxOutstanding()).isEqualTo(window);

        Await.until("all published", () -> {
            link.ackAll();
            return count(OutboxState.PUBLISHED) == 9;
        }, this::state);
        assertThat(link.maxOutstanding()).isEqualTo(window);
    }

    @Test
    void recordsLeftSendingByACrashAreSentWhenTheDrainerStarts() throws Exception {
        start(8);
        outbox.append(records.applications(5));
        assertThat(outbox.claim(3)).hasSize(3); // claimed by a previous run that died
        link.autoAck = true;
        drainer.start();
        drainer.linkUp();
        awaitPublished(5);
        assertThat(link.publishedSeqs()).containsExactlyInAnyOrderElementsOf(seqs(1, 5));
    }

    // ---------------------------------------------------------------- acknowledgement timeout

    @Test
    void publishedRecordsWithoutAcknowledgementAreSentAgainAfterTheTimeout() throws Exception {
        start(8);
        outbox.append(records.applications(5));
        link.autoAck = true;
        drainer.start();
        drainer.linkUp();
        awaitPublished(5);
        assertThat(link.publishedSeqs()).hasSize(5);

        // The centre acknowledges two of them; the other three never hear back.
        outbox.acknowledge(List.of(new SeqRange(1, 2)));
        clock.advance(ACK_TIMEOUT.minusSeconds(30));
        awaitTwoDrainerPasses();                   // now 9.5 min + 2 s after publishing: not yet
        assertThat(link.publishedSeqs()).hasSize(5);
        assertThat(count(OutboxState.PUBLISHED)).isEqualTo(3);

        clock.advance(Duration.ofMinutes(1));      // seqs 3-5 now 10.5 minutes old
        Await.until("3 records republished", () -> link.publishedSeqs().size() == 8, this::state);
        awaitPublished(3);
        Map<Long, Long> times = link.publishedSeqs().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(times).containsOnly(Map.entry(1L, 1L), Map.entry(2L, 1L), Map.entry(3L, 2L), Map.entry(4L, 2L),
                Map.entry(5L, 2L));
        assertThat(count(OutboxState.ACKNOWLEDGED)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- other writers

    @Test
    void recordsStoredByAnotherProcessArePickedUpWithoutANudge() throws Exception {
        start(8);
        link.autoAck = true;
        drainer.start();
        drainer.linkUp();
        try (SqliteOutbox cli = OutboxOpener.open(TestOutboxes.options(dir, clock), Optional.empty(), Optional.empty(),
                false).outbox()) {
            List<Long> expected = new ArrayList<>();
            cli.append(records.applications(3)).forEach(r -> expected.add(r.seq()));
            awaitPublished(3);
            assertThat(link.publishedSeqs()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
