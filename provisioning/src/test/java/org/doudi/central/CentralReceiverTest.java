package org.doudi.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.doudi.central.sqlite.SqliteReceivedStore;
import org.doudi.protocol.Ack;
import org.doudi.protocol.DeviceStatus;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.protocol.MalformedMessage;
import org.doudi.protocol.Topics;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.RecordType;
import org.doudi.record.SeqRange;
import org.doudi.security.CentreProtection;
import org.doudi.security.DeviceProtection;
import org.doudi.security.Keys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver's logic against an in-memory link: deterministic, no broker needed. */
class CentralReceiverTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final DeviceIdentity DEVICE = new DeviceIdentity("kiosk-001", TestEnvelopes.TOWNSHIP);
    private static final DeviceIdentity OTHER = new DeviceIdentity("kiosk-002", TestEnvelopes.TOWNSHIP);

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private SqliteReceivedStore store;

    @BeforeEach
    void openStore() {
        store = SqliteReceivedStore.open(dir.resolve("received.db"));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        // A receiver closes its store; this is for a test whose receiver was handed a wrapper.
        store.close();
    }

    private static ReceiverSettings settings() {
        return ReceiverSettings.defaults(List.of("tcp://broker.invalid:1883"), "central-test");
    }

    private CentralReceiver started(ReceiverSettings settings, ReceivedStore store, FakeLink link) {
        CentralReceiver receiver = new CentralReceiver(settings, store, link, Clock.systemUTC());
        toClose.add(receiver);
        receiver.start();
        awaitTrue(() -> link.subscriptions.containsAll(List.of(Topics.ALL_RECORDS, Topics.ALL_STATUS)));
        return receiver;
    }

    private static void send(FakeLink link, Envelope e) {
        link.deliver(new Topics(new DeviceIdentity(e.deviceId(), e.township())).record(e.type()),
                EnvelopeCodec.encode(e));
    }

    /** Waits for an ack to the device, among everything published since the link's history was last cleared. */
    private static Ack awaitAck(FakeLink link, DeviceIdentity device, Predicate<Ack> wanted) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String topic = new Topics(device).ack();
        while (System.nanoTime() < deadline) {
            for (FakeLink.Published p : link.published) {
                if (p.topic().equals(topic)) {
                    assertThat(p.retained()).as("acks are retained").isTrue();
                    Ack ack = Ack.decode(p.payload());
                    if (wanted.test(ack)) {
                        return ack;
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no matching ack for " + device.deviceId() + " within " + PATIENCE);
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + PATIENCE);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static List<Ack> drainAcks(FakeLink link, DeviceIdentity device) throws MalformedMessage {
        List<Ack> acks = new ArrayList<>();
        List<FakeLink.Published> history = List.copyOf(link.published);
        link.published.removeAll(history);
        for (FakeLink.Published p : history) {
            if (p.topic().equals(new Topics(device).ack())) {
                acks.add(Ack.decode(p.payload()));
            }
        }
        return acks;
    }

    @Test
    void acknowledgesWhatIsStoredWithRangesAboveAGap() throws Exception {
        FakeLink link = new FakeLink();
        CentralReceiver receiver = started(settings(), store, link);
        for (long seq : new long[] {1, 2, 4}) {
            send(link, TestEnvelopes.envelope(DEVICE, seq));
        }
        Ack ack = awaitAck(link, DEVICE, a -> a.upTo() == 2 && !a.ranges().isEmpty());
        assertThat(ack.ranges()).containsExactly(new SeqRange(4, 4));
        assertThat(store.count()).as("stored before acknowledged").isEqualTo(3);

        send(link, TestEnvelopes.envelope(DEVICE, 3));
        ack = awaitAck(link, DEVICE, a -> a.upTo() == 4);
        assertThat(ack.ranges()).isEmpty();

        CentralReceiver.Stats stats = receiver.stats();
        assertThat(stats.stored()).isEqualTo(4);
        assertThat(stats.device(DEVICE)).hasValueSatisfying(view -> {
            assertThat(view.upTo()).isEqualTo(4);
            assertThat(view.gaps()).isEmpty();
        });
    }

    @Test
    void asksADeviceToResendAGapThatPersistsOnItsCommandTopic() throws Exception {
        FakeLink link = new FakeLink();
        List<SeqRange> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        CentralReceiver receiver = new CentralReceiver(settings(), store, link, Clock.systemUTC());
        toClose.add(receiver);
        receiver.resendGaps(new GapResends((device, gap) -> {
            asked.add(gap);
            return java.util.Optional.of(("resend " + gap).getBytes(StandardCharsets.UTF_8));
        }, Duration.ofMillis(200), Duration.ofMinutes(1), 16));
        receiver.start();
        awaitTrue(() -> link.subscriptions.containsAll(List.of(Topics.ALL_RECORDS, Topics.ALL_STATUS)));
        for (long seq : new long[] {1, 2, 5}) {
            send(link, TestEnvelopes.envelope(DEVICE, seq));
        }
        awaitTrue(() -> link.published.stream().anyMatch(p -> p.topic().equals(new Topics(DEVICE).command())));
        FakeLink.Published command = link.published.stream()
                .filter(p -> p.topic().equals(new Topics(DEVICE).command())).findFirst().orElseThrow();
        assertThat(command.retained()).isTrue();
        assertThat(asked).containsOnly(new SeqRange(3, 4));

        send(link, TestEnvelopes.envelope(DEVICE, 3));
        send(link, TestEnvelopes.envelope(DEVICE, 4));
        awaitAck(link, DEVICE, a -> a.upTo() == 5);
        int askedWhenFilled = asked.size();
        Thread.sleep(1500);
        assertThat(asked).as("a filled gap is not asked for again").hasSize(askedWhenFilled);
    }

    @Test
    void reportsGapsPerDevice() throws Exception {
        FakeLink link = new FakeLink();
        CentralReceiver receiver = started(settings(), store, link);
        for (long seq : new long[] {2, 5, 6}) {
            send(link, TestEnvelopes.envelope(OTHER, seq));
        }
        awaitAck(link, OTHER, a -> a.ranges().size() == 2);
        assertThat(receiver.stats().device(OTHER)).hasValueSatisfying(view -> {
            assertThat(view.upTo()).isZero();
            assertThat(view.gaps()).containsExactly(new SeqRange(1, 1), new SeqRange(3, 4));
        });
    }

    @Test
    void aResendIsAcknowledgedAgain() throws Exception {
        FakeLink link = new FakeLink();
        CentralReceiver receiver = started(settings(), store, link);
        Envelope e = TestEnvelopes.envelope(DEVICE, 1);
        send(link, e);
        awaitAck(link, DEVICE, a -> a.upTo() == 1);
        link.published.clear();

        send(link, e);
        awaitAck(link, DEVICE, a -> a.upTo() == 1);
        assertThat(receiver.stats().duplicates()).isEqualTo(1);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void acksForABurstAreCoalescedPerDevice() throws Exception {
        FakeLink link = new FakeLink();
        started(settings().withAckFlushInterval(Duration.ofMillis(500)), store, link);
        awaitTrue(() -> !link.published.isEmpty());
        link.published.clear();
        for (long seq = 1; seq <= 200; seq++) {
            send(link, TestEnvelopes.envelope(DEVICE, seq));
        }
        awaitAck(link, DEVICE, a -> a.upTo() == 200);
        // One ack may go out at once for the first batch; the rest wait for the interval and go as one.
        assertThat(drainAcks(link, DEVICE)).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void brokenMessagesAreCountedAndIgnored() throws Exception {
        FakeLink link = new FakeLink();
        CentralReceiver receiver = started(settings(), store, link);
        Topics deviceTopics = new Topics(DEVICE);
        link.deliver(deviceTopics.record(RecordType.WELFARE_CHECK), "{not json".getBytes(StandardCharsets.UTF_8));
        link.deliver(deviceTopics.record(RecordType.WELFARE_CHECK), EnvelopeCodec.encode(TestEnvelopes.envelope(OTHER, 1)));
        link.deliver(deviceTopics.record(RecordType.APPLICATION), EnvelopeCodec.encode(TestEnvelopes.envelope(DEVICE, 1)));
        link.deliver("doudi/v1/not-a-township/kiosk-001/rec/welfare_check",
                EnvelopeCodec.encode(TestEnvelopes.envelope(DEVICE, 1)));
        link.deliver(deviceTopics.status(), "{\"state\":\"sleepy\"}".getBytes(StandardCharsets.UTF_8));

        send(link, TestEnvelopes.envelope(DEVICE, 1));
        awaitAck(link, DEVICE, a -> a.upTo() == 1);
        CentralReceiver.Stats stats = receiver.stats();
        assertThat(stats.malformed()).isEqualTo(5);
        assertThat(stats.received()).isEqualTo(5);
        assertThat(stats.stored()).isEqualTo(1);
        assertThat(stats.device(OTHER)).isEmpty();
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void aConflictIsKeptAsideAndTheDeviceStillHearsBack() throws Exception {
        FakeLink link = new FakeLink();
        CentralReceiver receiver = started(settings(), store, link);
        send(link, TestEnvelopes.envelope(DEVICE, 1));
        awaitAck(link, DEVICE, a -> a.upTo() == 1);
        link.published.clear();
        send(link, TestEnvelopes.envelope(DEVICE, 1));
        awaitAck(link, DEVICE, a -> a.upTo() == 1);
        assertThat(receiver.stats().conflicts()).isEqualTo(1);
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.conflictCount()).isEqualTo(1);
    }

    @Test
    void aStaleLastWillDoesNotOverrideANewerSession() {
        FakeLink link = new FakeLink();
        CentralReceiver receiver = started(settings(), store, link);
        String statusTopic = new Topics(DEVICE).status();
        java.time.Instant at = java.time.Instant.parse("2026-03-01T08:00:00Z");
        link.deliver(statusTopic, DeviceStatus.online(5, "1.0", at, 0).encode());
        link.deliver(statusTopic, DeviceStatus.lost(4, "1.0", at).encode());
        link.deliver(statusTopic, new byte[0]);
        link.deliver(Topics.ROOT + "/central/another-receiver/status", DeviceStatus.online(9, "x", at, 0).encode());

        assertThat(receiver.stats().device(DEVICE)).hasValueSatisfying(view -> {
            assertThat(view.status()).isPresent();
            assertThat(view.status().get().status().state()).isEqualTo(DeviceStatus.State.ONLINE);
            assertThat(view.status().get().status().session()).isEqualTo(5);
        });

        link.deliver(statusTopic, DeviceStatus.lost(5, "1.0", at).encode());
        assertThat(receiver.stats().device(DEVICE).orElseThrow().status().orElseThrow().status().state())
                .isEqualTo(DeviceStatus.State.OFFLINE);
        assertThat(receiver.stats().devices()).hasSize(1);
        assertThat(receiver.stats().malformed()).isZero();
    }

    @Test
    void afterARestartAcksAreRebuiltFromTheStoreAndRepublished() throws Exception {
        FakeLink first = new FakeLink();
        CentralReceiver receiver = started(settings(), store, first);
        for (long seq : new long[] {1, 2, 3, 7}) {
            send(first, TestEnvelopes.envelope(DEVICE, seq));
        }
        send(first, TestEnvelopes.envelope(OTHER, 1));
        awaitAck(first, DEVICE, a -> a.upTo() == 3 && a.ranges().size() == 1);
        awaitAck(first, OTHER, a -> a.upTo() == 1);
        receiver.close();

        FakeLink second = new FakeLink();
        store = SqliteReceivedStore.open(dir.resolve("received.db"));
        CentralReceiver restarted = started(settings(), store, second);
        Ack ack = awaitAck(second, DEVICE, a -> true);
        assertThat(ack.upTo()).isEqualTo(3);
        assertThat(ack.ranges()).containsExactly(new SeqRange(7, 7));
        awaitAck(second, OTHER, a -> a.upTo() == 1);
        assertThat(restarted.stats().device(DEVICE).orElseThrow().gaps()).containsExactly(new SeqRange(4, 6));
    }

    @Test
    void acksAreRepublishedAfterAReconnect() throws Exception {
        FakeLink link = new FakeLink();
        started(settings(), store, link);
        send(link, TestEnvelopes.envelope(DEVICE, 1));
        awaitAck(link, DEVICE, a -> a.upTo() == 1);
        link.subscriptions.clear();
        link.published.clear();

        link.drop();
        awaitTrue(() -> link.subscriptions.contains(Topics.ALL_RECORDS));
        awaitAck(link, DEVICE, a -> a.upTo() == 1);
    }

    @Test
    void listenersHearOfNewRecordsOnlyAndOneFailingListenerHarmsNothing() throws Exception {
        FakeLink link = new FakeLink();
        CentralReceiver receiver = new CentralReceiver(settings(), store, link, Clock.systemUTC());
        toClose.add(receiver);
        List<String> heard = new CopyOnWriteArrayList<>();
        receiver.onStored(e -> {
            throw new IllegalStateException("listener bug");
        });
        receiver.onStored(e -> heard.add(e.recordId()));
        receiver.start();
        awaitTrue(() -> link.subscriptions.contains(Topics.ALL_RECORDS));

        Envelope e = TestEnvelopes.envelope(DEVICE, 1);
        send(link, e);
        send(link, e);
        send(link, TestEnvelopes.envelope(DEVICE, 2));
        awaitAck(link, DEVICE, a -> a.upTo() == 2);
        awaitTrue(() -> receiver.stats().duplicates() == 1);
        assertThat(heard).hasSize(2).doesNotHaveDuplicates().contains(e.recordId());
    }

    @Test
    void nothingIsAcknowledgedWhenStoringFailsAndTheNextBatchRecovers() throws Exception {
        AtomicBoolean failNext = new AtomicBoolean(true);
        ReceivedStore flaky = new ReceivedStore() {
            @Override
            public StoreResult store(Envelope envelope, byte[] raw) {
                if (failNext.getAndSet(false)) {
                    throw new ReceivedStoreFailure("disk full (simulated)");
                }
                return store.store(envelope, raw);
            }

            @Override
            public Optional<com.fasterxml.jackson.databind.JsonNode> payload(String recordId) {
                return store.payload(recordId);
            }

            @Override
            public DeviceProgress progress(DeviceIdentity device) {
                return store.progress(device);
            }

            @Override
            public Set<DeviceIdentity> devices() {
                return store.devices();
            }

            @Override
            public long count() {
                return store.count();
            }

            @Override
            public long conflictCount() {
                return store.conflictCount();
            }

            @Override
            public void close() {
            }
        };
        FakeLink link = new FakeLink();
        CentralReceiver receiver = started(settings(), flaky, link);
        awaitTrue(() -> !link.published.isEmpty());
        link.published.clear();

        send(link, TestEnvelopes.envelope(DEVICE, 1));
        awaitTrue(() -> receiver.stats().storeFailures() == 1);
        assertThat(drainAcks(link, DEVICE)).isEmpty();

        send(link, TestEnvelopes.envelope(DEVICE, 1));
        awaitAck(link, DEVICE, a -> a.upTo() == 1);
    }

    @Test
    void theReceiverAnnouncesItselfLeavesAWillAndClosesItsStore() throws Exception {
        FakeLink link = new FakeLink();
        CentralReceiver receiver = started(settings(), store, link);
        String ownStatus = Topics.ROOT + "/central/central-test/status";
        assertThat(link.wills).isNotEmpty();
        assertThat(link.wills.get(0).topic()).isEqualTo(ownStatus);
        assertThat(DeviceStatus.decode(link.wills.get(0).payload()).state()).isEqualTo(DeviceStatus.State.OFFLINE);

        receiver.close();
        List<DeviceStatus> announced = new ArrayList<>();
        for (FakeLink.Published p : link.published) {
            if (p.topic().equals(ownStatus)) {
                assertThat(p.retained()).isTrue();
                announced.add(DeviceStatus.decode(p.payload()));
            }
        }
        assertThat(announced).extracting(DeviceStatus::state)
                .containsExactly(DeviceStatus.State.ONLINE, DeviceStatus.State.OFFLINE);
        assertThat(announced.get(1).reason()).isEqualTo("shutdown");
        assertThatThrownBy(store::count).as("the receiver closed its store").isInstanceOf(ReceivedStoreFailure.class);
    }

    // ---------------------------------------------------------------- end-to-end protection

    @Test
    void withProtectionOnlySealedSignedRecordsOfEnrolledDevicesAreStoredAndTheyAreOpened() throws Exception {
        Keys.CentralPrivateKey centralKey = Keys.CentralPrivateKey.generate();
        Keys.DeviceSigningKey deviceKey = Keys.DeviceSigningKey.generate();
        DeviceProtection device = new DeviceProtection(centralKey.publicKey(), deviceKey);
        CentreProtection protection = new CentreProtection(centralKey,
                id -> id.equals(DEVICE.deviceId()) ? Optional.of(deviceKey.publicKey()) : Optional.empty(), false);
        FakeLink link = new FakeLink();
        CentralReceiver receiver = new CentralReceiver(settings(), store, Optional.of(protection), link,
                Clock.systemUTC());
        toClose.add(receiver);
        List<Envelope> stored = new CopyOnWriteArrayList<>();
        receiver.onStored(stored::add);
        receiver.start();
        awaitTrue(() -> link.subscriptions.containsAll(List.of(Topics.ALL_RECORDS, Topics.ALL_STATUS)));

        Envelope first = TestEnvelopes.envelope(DEVICE, 1);
        send(link, protect(device, first));
        DeviceProtection forger = new DeviceProtection(centralKey.publicKey(), Keys.DeviceSigningKey.generate());
        send(link, protect(forger, TestEnvelopes.envelope(DEVICE, 2)));
        send(link, TestEnvelopes.envelope(OTHER, 1));

        awaitAck(link, DEVICE, a -> a.upTo() == 1);
        awaitTrue(() -> receiver.stats().refused() == 2);
        assertThat(store.count()).isEqualTo(1);
        assertThat(stored).singleElement().satisfies(e -> assertThat(e.payload()).isEqualTo(first.payload()));
        assertThat(receiver.stats().device(DEVICE).orElseThrow().upTo()).isEqualTo(1);
    }

    /** As an enrolled device sends it: payload sealed to the centre, envelope signed. */
    private static Envelope protect(DeviceProtection device, Envelope readable) {
        Envelope sealed = readable.withPayload(device.seal(new DeviceIdentity(readable.deviceId(), readable.township()),
                readable.recordId(), readable.type(), readable.payload().readableJson().orElseThrow()));
        return sealed.withSignature(device.sign(sealed));
    }
}
