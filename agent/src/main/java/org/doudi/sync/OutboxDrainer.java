package org.doudi.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.doudi.link.LinkBusy;
import org.doudi.link.LinkException;
import org.doudi.link.MqttLink;
import org.doudi.link.TokenBucket;
import org.doudi.outbox.Outbox;
import org.doudi.outbox.Outgoing;
import org.doudi.protocol.Topics;
import org.doudi.record.RecordType;
import org.tinylog.Logger;

/**
 * Moves records from the outbox to the broker, keeping at most {@code window} in flight (below the
 * client's own limit, so its error 32202 stays the exception) and pacing with a token bucket.
 *
 * <p>Two threads share the work without waiting for each other. The drainer's own thread does
 * everything that touches the outbox — claiming records ahead into memory, recording PUBACKs in
 * batches, returning records to pending — and the client's delivery callback refills the slot its
 * PUBACK freed straight from the records already claimed. Publishing therefore never waits behind a
 * database transaction, and the drainer is woken a few times per window rather than once per record
 * (each hand-off cost more CPU than the publish itself). Whenever the link drops, everything in flight
 * goes back to pending: the outbox, not the client, decides what is resent.
 */
public final class OutboxDrainer implements AutoCloseable {

    /** How the drainer paces and retries; immutable. */
    public record Settings(int window, Duration ackTimeout, Duration retention, Duration pollInterval,
            Duration requeueCheckEvery, Duration purgeEvery) {
        public Settings {
            if (window < 1) {
                throw new IllegalArgumentException("window must be at least 1");
            }
        }
    }

    /**
     * One connection's share of the state: its window, and (by identity) the records claimed for it. A
     * new one replaces it on every link change, so late callbacks and claims of a dead connection can
     * neither open nor fill the window of the next.
     */
    private static final class Connection {
        final long generation;
        final AtomicInteger inFlight = new AtomicInteger();

        Connection(long generation) {
            this.generation = generation;
        }
    }

    /** A record claimed (so "sending") while {@code connection} was current, not yet published. */
    private record Claimed(Outgoing record, Connection connection) {
    }

    /** Why filling the window stopped, and so how long the drainer waits before trying again. */
    private enum Stop { WINDOW_FULL, ANOTHER_THREAD_FILLS, NOTHING_CLAIMED, NO_TOKEN, LINK_BUSY, LINK_FAILED, LINK_CHANGED }

    private final Outbox outbox;
    private final MqttLink link;
    /** Built once: a topic string made for every record sent was a measurable part of sending it. */
    private final Map<RecordType, String> recordTopics = new EnumMap<>(RecordType.class);
    private final Settings settings;
    private final TokenBucket bucket;
    private final Clock clock;

    private final ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();
    private final AtomicInteger deliveredCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<Long> failed = new ConcurrentLinkedQueue<>();
    /** Claimed, in send order; taken by whichever thread fills the window. */
    private final ConcurrentLinkedDeque<Claimed> ready = new ConcurrentLinkedDeque<>();
    private final AtomicInteger readyCount = new AtomicInteger();
    /** One thread fills the window at a time, so records go out in the order they were claimed. */
    private final AtomicBoolean filling = new AtomicBoolean();
    private final AtomicLong generations = new AtomicLong();
    private volatile Connection connection = new Connection(0);
    private final AtomicLong publishedTotal = new AtomicLong();
    private volatile boolean signalled;
    /** How long the bucket said to wait when filling last stopped for want of a token. */
    private volatile long tokenWaitNanos;
    /** Set when records may be pending that the change marker would not reveal (local appends, link up). */
    private volatile boolean lookNow = true;
    private volatile boolean linkUp;
    /**
     * The connection generation whose interrupted sends were last returned to pending. Tied to the
     * generation, not a flag, so a link that comes up while a pass is under way cannot have the records
     * just sent on the new connection taken back as "interrupted" by the next pass.
     */
    private long recoveredGeneration = -1;
    private volatile boolean running;
    private volatile Thread thread;
    private long lastChangeMarker = -1;
    private long nextRequeueCheck;
    private long nextPurge;
    private long lastPublishFactAt;
    private long lastSendingReported;
    private long lastSendingReportedAt = System.nanoTime();
    /** {@link System#nanoTime}: a pace of work, not a time of day, so the injected clock does not drive it. */
    private long lastCompletionsRecordedAt = System.nanoTime();

    public OutboxDrainer(Outbox outbox, MqttLink link, Topics topics, Settings settings, TokenBucket bucket, Clock clock) {
        this.outbox = outbox;
        this.link = link;
        for (RecordType type : RecordType.values()) {
            recordTopics.put(type, topics.record(type));
        }
        this.settings = settings;
        this.bucket = bucket;
        this.clock = clock;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::drainUntilStopped, "outbox-drainer");
        thread.setDaemon(true);
        thread.start();
    }

    /** New records were stored by this process: look now rather than at the next poll. */
    public void recordsAppended() {
        lookNow = true;
        wake();
    }

    /** An unpark, not a monitor: it is called on the client's thread. */
    private void wake() {
        signalled = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    public void linkUp() {
        newConnection();
        linkUp = true;
        lookNow = true;
        wake();
    }

    public void linkDown() {
        linkUp = false;
        newConnection();
        wake();
    }

    /**
     * From now on nothing is sent for the old connection. A thread that was filling its window when it
     * was replaced is let finish its one publish first (microseconds), so that no record of the old
     * connection can go out on the next and exceed its window. Bounded, in case that publish hangs.
     */
    private void newConnection() {
        connection = new Connection(generations.incrementAndGet());
        long giveUpAt = System.nanoTime() + 100_000_000L;
        while (filling.get() && System.nanoTime() - giveUpAt < 0) {
            Thread.onSpinWait();
        }
    }

    public long publishedTotal() {
        return publishedTotal.get();
    }

    private void drainUntilStopped() {
        while (running) {
            try {
                drainOnce();
            } catch (RuntimeException e) {
                // The outbox failing (locked, I/O error) must not kill sending for good: wait and try again.
                Logger.error(e, "Sending paused after an outbox error; retrying shortly");
                awaitSignal(Duration.ofSeconds(2));
            }
        }
        recordCompletions();
    }

    private void drainOnce() {
        if (completionsDue()) {
            recordCompletions();
        }
        Connection current = connection;
        if (current.generation != recoveredGeneration) {
            recoveredGeneration = current.generation;
            // Claimed but unpublished records are among the "sending" ones the outbox takes back now.
            takeAllReady();
            lookNow = true;
            int back = outbox.recoverInterruptedSends();
            if (back > 0) {
                Logger.info("{} records that were in flight are queued again", back);
            }
        }
        housekeeping();
        reportSending(current);
        if (!linkUp) {
            awaitSignal(Duration.ofMillis(500));
            return;
        }
        if (readyCount.get() < settings.window()) {
            claimMore(current);
        }
        Stop stop = fillWindow(current);
        switch (stop) {
            case LINK_BUSY -> {
                releaseReady();
                awaitSignal(Duration.ofMillis(20));
            }
            case LINK_FAILED -> {
                releaseReady();
                awaitSignal(Duration.ofMillis(200));
            }
            case NO_TOKEN -> awaitSignal(Duration.ofNanos(Math.min(tokenWaitNanos, 50_000_000L)));
            default -> awaitSignal(readyCount.get() == 0 && current.inFlight.get() == 0 ? settings.pollInterval()
                    : Duration.ofMillis(20));
        }
    }

    /**
     * Claims ahead, so that a freed slot is refilled at once. A claim only reads: the outbox keeps
     * "sending" in memory, and records whose PUBACK is not yet recorded stay out of later claims.
     */
    private void claimMore(Connection current) {
        int wanted = settings.window() + claimAhead() - readyCount.get() - current.inFlight.get();
        if (wanted <= 0 || !outboxMayHaveWork()) {
            return;
        }
        List<Outgoing> claimed = outbox.claim(wanted);
        if (claimed.size() == wanted) {
            lookNow = true;
        } else {
            lastChangeMarker = outbox.changeMarker();
        }
        for (Outgoing record : claimed) {
            ready.addLast(new Claimed(record, current));
        }
        readyCount.addAndGet(claimed.size());
    }

    /**
     * How many records may wait claimed beyond the window. Unpaced, claims are large so that their fixed
     * cost spreads (a record cost 3.3 µs to claim in a claim of 32, 2.2 µs in one of 128) and a newly
     * stored emergency record waits behind at most five windows — a few milliseconds at that speed.
     * Paced by the token bucket, only one window: there an emergency record must not wait behind many
     * seconds of paced backlog.
     */
    private int claimAhead() {
        return bucket.isUnlimited() ? 5 * settings.window() : settings.window();
    }

    /** Cheap check before a write transaction: did anyone (this process or the CLI) commit since? */
    private boolean outboxMayHaveWork() {
        if (lookNow) {
            lookNow = false;
            return true;
        }
        long marker = outbox.changeMarker();
        if (marker != lastChangeMarker) {
            lastChangeMarker = marker;
            return true;
        }
        return false;
    }

    /**
     * Publishes records claimed for {@code current} while its window has room; called by the drainer
     * and by the delivery callback. Only one thread fills at a time: one that finds another filling
     * leaves it to that one, which looks for room again after letting go, so a slot freed meanwhile is
     * not left empty.
     */
    private Stop fillWindow(Connection current) {
        Stop stop;
        do {
            if (!filling.compareAndSet(false, true)) {
                return Stop.ANOTHER_THREAD_FILLS;
            }
            try {
                stop = publishWhileRoom(current);
            } finally {
                filling.set(false);
            }
        } while (stop == Stop.WINDOW_FULL && current.inFlight.get() < settings.window() && readyCount.get() > 0);
        return stop;
    }

    private Stop publishWhileRoom(Connection current) {
        while (true) {
            if (current != connection) {
                return Stop.LINK_CHANGED;
            }
            if (current.inFlight.get() >= settings.window()) {
                return Stop.WINDOW_FULL;
            }
            // The taken record stays counted as ready until it counts as in flight, so that a claim made
            // meanwhile never sees it in neither and claims one too many.
            Claimed next = ready.pollFirst();
            if (next == null) {
                return Stop.NOTHING_CLAIMED;
            }
            if (next.connection() != current) {
                // Claimed for a connection that is gone: the outbox has it, or will have it, pending again.
                takenFromReady();
                continue;
            }
            long waitNanos = bucket.tryTake();
            if (waitNanos > 0) {
                ready.addFirst(next);
                tokenWaitNanos = waitNanos;
                return Stop.NO_TOKEN;
            }
            Outgoing record = next.record();
            current.inFlight.incrementAndGet();
            takenFromReady();
            try {
                link.publish(recordTopics.get(record.type()), record.envelope(), false, delivery(record.seq(), current));
            } catch (LinkBusy busy) {
                putBack(next, current);
                return Stop.LINK_BUSY;
            } catch (LinkException e) {
                putBack(next, current);
                Logger.debug("Publish of seq {} failed: {}", record.seq(), e.getMessage());
                return Stop.LINK_FAILED;
            }
        }
    }

    private void takenFromReady() {
        if (readyCount.decrementAndGet() == settings.window() - 1) {
            wake(); // time to claim more
        }
    }

    /** A publish the client refused: the record is ready again, first in line. */
    private void putBack(Claimed claimed, Connection current) {
        readyCount.incrementAndGet();
        ready.addFirst(claimed);
        current.inFlight.decrementAndGet();
    }

    /** Takes every claimed record out of memory; the outbox counts them as sending until released or recovered. */
    private List<Long> takeAllReady() {
        List<Long> seqs = new ArrayList<>();
        for (Claimed c; (c = ready.pollFirst()) != null; ) {
            readyCount.decrementAndGet();
            seqs.add(c.record().seq());
        }
        return seqs;
    }

    /** Claimed records that could not go out return to pending, to be claimed again in send order. */
    private void releaseReady() {
        release(takeAllReady());
    }

    /** Released records are pending again without any commit the change marker would show. */
    private void release(List<Long> seqs) {
        if (!seqs.isEmpty()) {
            outbox.release(seqs);
            lookNow = true;
        }
    }

    /**
     * Runs on the client's thread. A PUBACK frees a slot, which is refilled here and now; the drainer
     * is woken only when there is bookkeeping for it: a window's worth of PUBACKs to record, nothing
     * left in flight, a failure, or (from {@link #publishWhileRoom}) claimed records running low.
     */
    private MqttLink.Delivery delivery(long seq, Connection sentOn) {
        return new MqttLink.Delivery() {
            @Override
            public void delivered() {
                if (sentOn != connection) {
                    return;
                }
                delivered.add(seq);
                boolean recordNow = deliveredCount.incrementAndGet() == recordEvery();
                sentOn.inFlight.decrementAndGet();
                Stop stop = fillWindow(sentOn);
                if (recordNow || sentOn.inFlight.get() == 0 || needsTheDrainer(stop)) {
                    wake();
                }
            }

            @Override
            public void failed(Throwable cause) {
                if (sentOn == connection) {
                    failed.add(seq);
                    sentOn.inFlight.decrementAndGet();
                    wake();
                }
            }
        };
    }

    private static boolean needsTheDrainer(Stop stop) {
        return switch (stop) {
            case WINDOW_FULL, ANOTHER_THREAD_FILLS -> false;
            case NOTHING_CLAIMED, NO_TOKEN, LINK_BUSY, LINK_FAILED, LINK_CHANGED -> true;
        };
    }

    /**
     * PUBACKs are recorded four windows at a time (or every 20 ms): one transaction per acknowledgement
     * was a third of the drainer's time, and one per window still cost 60 % more per record than one per
     * 128. Waiting costs nothing in safety — an unrecorded PUBACK only means a resend — and nothing in
     * speed, since a slot is free again as soon as its PUBACK arrives.
     */
    private boolean completionsDue() {
        return failed.peek() != null || connection.inFlight.get() == 0 || deliveredCount.get() >= recordEvery()
                || System.nanoTime() - lastCompletionsRecordedAt >= 20_000_000L;
    }

    private int recordEvery() {
        return 4 * settings.window();
    }

    private void recordCompletions() {
        List<Long> done = takeDelivered();
        if (!done.isEmpty()) {
            outbox.markPublished(done);
            countPublished(done);
        }
        release(drain(failed));
    }

    private List<Long> takeDelivered() {
        lastCompletionsRecordedAt = System.nanoTime();
        List<Long> done = drain(delivered);
        deliveredCount.addAndGet(-done.size());
        return done;
    }

    /**
     * Leaves for {@code doudi status} (another process) how many records are being sent: at most once a
     * second while it changes, and at once when it drops to none.
     */
    private void reportSending(Connection current) {
        long sending = readyCount.get() + current.inFlight.get();
        long now = System.nanoTime();
        if (sending != lastSendingReported && (sending == 0 || now - lastSendingReportedAt >= 1_000_000_000L)) {
            outbox.putFact(AgentFacts.SENDING, Long.toString(sending));
            lastSendingReported = sending;
            lastSendingReportedAt = now;
        }
    }

    /** After the outbox recorded them. */
    private void countPublished(List<Long> done) {
        if (done.isEmpty()) {
            return;
        }
        publishedTotal.addAndGet(done.size());
        long now = clock.millis();
        if (now - lastPublishFactAt >= 1000) {
            lastPublishFactAt = now;
            outbox.putFact(AgentFacts.LAST_PUBLISH, clock.instant().toString());
        }
    }

    private static List<Long> drain(ConcurrentLinkedQueue<Long> queue) {
        List<Long> out = new ArrayList<>();
        for (Long seq; (seq = queue.poll()) != null; ) {
            out.add(seq);
        }
        return out;
    }

    private void housekeeping() {
        long now = clock.millis();
        if (now >= nextRequeueCheck) {
            nextRequeueCheck = now + settings.requeueCheckEvery().toMillis();
            int again = outbox.requeueUnacknowledged(settings.ackTimeout());
            if (again > 0) {
                Logger.info("{} published records got no acknowledgement within {} s; sending again", again,
                        settings.ackTimeout().toSeconds());
            }
        }
        if (now >= nextPurge) {
            nextPurge = now + settings.purgeEvery().toMillis();
            int purged = outbox.purgeAcknowledged(settings.retention());
            if (purged > 0) {
                Logger.info("Purged {} acknowledged records past retention", purged);
            }
        }
    }

    /** Waits for a wake-up or {@code max}; every caller re-checks its condition, so an early return is harmless. */
    private void awaitSignal(Duration max) {
        if (!signalled && running) {
            LockSupport.parkNanos(this, max.toNanos());
            if (Thread.interrupted()) {
                running = false;
            }
        }
        signalled = false;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        wake();
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
