package org.doudi.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
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
import org.tinylog.Logger;

/**
 * Moves records from the outbox to the broker, on one thread, keeping at most {@code window} in
 * flight (below the client's own limit, so its error 32202 stays the exception) and pacing with a
 * token bucket. PUBACKs are recorded in batches. Whenever the link drops, everything in flight goes
 * back to pending: the outbox, not the client, decides what is resent.
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

    private final Outbox outbox;
    private final MqttLink link;
    private final Topics topics;
    private final Settings settings;
    private final TokenBucket bucket;
    private final Clock clock;

    private final ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();
    /** Claimed (state "sending"), not yet published; touched only by the drainer thread. */
    private final ArrayDeque<Outgoing> ready = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Long> failed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Changes with every link up/down, so late callbacks of a dead connection are recognised. */
    private final AtomicLong connectionGeneration = new AtomicLong();
    private final AtomicLong publishedTotal = new AtomicLong();
    private volatile boolean signalled;
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
    private long lastCompletionsRecordedAt;

    public OutboxDrainer(Outbox outbox, MqttLink link, Topics topics, Settings settings, TokenBucket bucket, Clock clock) {
        this.outbox = outbox;
        this.link = link;
        this.topics = topics;
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

    /** Called for every PUBACK, on the client's thread: an unpark, not a monitor, keeps it cheap. */
    private void wake() {
        signalled = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    public void linkUp() {
        connectionGeneration.incrementAndGet();
        inFlight.set(0);
        linkUp = true;
        lookNow = true;
        wake();
    }

    public void linkDown() {
        linkUp = false;
        connectionGeneration.incrementAndGet();
        inFlight.set(0);
        wake();
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
        long generation = connectionGeneration.get();
        if (generation != recoveredGeneration) {
            recoveredGeneration = generation;
            // Claimed but unpublished records are among the "sending" ones the outbox takes back now.
            ready.clear();
            int back = outbox.recoverInterruptedSends();
            if (back > 0) {
                Logger.info("{} records that were in flight are queued again", back);
            }
        }
        housekeeping();
        if (!linkUp) {
            awaitSignal(Duration.ofMillis(500));
            return;
        }
        // Claim ahead, so that a freed slot is refilled at once and one claim feeds many PUBACK wake-ups.
        int wanted = settings.window() + claimAhead() - ready.size() - inFlight.get();
        if (ready.size() < settings.window() && wanted > 0 && outboxMayHaveWork()) {
            List<Outgoing> claimed = outbox.claim(wanted);
            if (claimed.size() == wanted) {
                lookNow = true;
            } else {
                lastChangeMarker = outbox.changeMarker();
            }
            ready.addAll(claimed);
        }
        int free = settings.window() - inFlight.get();
        if (free > 0 && !ready.isEmpty()) {
            publishReady(free, generation);
            return;
        }
        awaitSignal(ready.isEmpty() && inFlight.get() == 0 ? settings.pollInterval() : Duration.ofMillis(50));
    }

    /**
     * How many records may wait claimed beyond the window. Unpaced, claims are large so that their fixed
     * cost spreads (a claim of 8 records costs nearly what one of 64 does) and a newly stored emergency
     * record waits behind at most three windows — milliseconds at that speed. Paced by the token bucket,
     * only one window: there an emergency record must not wait behind many seconds of paced backlog.
     */
    private int claimAhead() {
        return bucket.isUnlimited() ? 3 * settings.window() : settings.window();
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
     * Publishes up to {@code free} claimed records on the connection of {@code generation}. If the link
     * changed since, they stay claimed and the next pass returns them to pending with the rest.
     */
    private void publishReady(int free, long generation) {
        for (int sent = 0; sent < free && !ready.isEmpty(); sent++) {
            if (!waitForToken() || generation != connectionGeneration.get()) {
                return;
            }
            Outgoing record = ready.peekFirst();
            inFlight.incrementAndGet();
            try {
                link.publish(topics.record(record.type()), record.envelope(), false, delivery(record.seq(), generation));
                ready.pollFirst();
            } catch (LinkBusy busy) {
                inFlight.decrementAndGet();
                releaseReady();
                awaitSignal(Duration.ofMillis(20));
                return;
            } catch (LinkException e) {
                inFlight.decrementAndGet();
                releaseReady();
                Logger.debug("Publish of seq {} failed: {}", record.seq(), e.getMessage());
                awaitSignal(Duration.ofMillis(200));
                return;
            }
        }
    }

    /** Claimed records that could not go out return to pending, to be claimed again in send order. */
    private void releaseReady() {
        outbox.release(ready.stream().map(Outgoing::seq).toList());
        ready.clear();
    }

    private MqttLink.Delivery delivery(long seq, long generation) {
        return new MqttLink.Delivery() {
            @Override
            public void delivered() {
                if (generation == connectionGeneration.get()) {
                    inFlight.decrementAndGet();
                    delivered.add(seq);
                    wake();
                }
            }

            @Override
            public void failed(Throwable cause) {
                if (generation == connectionGeneration.get()) {
                    inFlight.decrementAndGet();
                    failed.add(seq);
                    wake();
                }
            }
        };
    }

    private boolean waitForToken() {
        while (running) {
            long waitNanos = bucket.tryTake();
            if (waitNanos == 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(waitNanos, 50_000_000L));
        }
        return false;
    }

    /**
     * PUBACKs are recorded a window at a time (or every 20 ms): one transaction per acknowledgement was
     * a third of the drainer's time. Waiting costs nothing in safety — an unrecorded PUBACK only means a
     * resend — and nothing in speed, since a slot is free again as soon as its PUBACK arrives.
     */
    private boolean completionsDue() {
        return failed.peek() != null || inFlight.get() == 0 || delivered.size() >= settings.window()
                || clock.millis() - lastCompletionsRecordedAt >= 20;
    }

    private void recordCompletions() {
        lastCompletionsRecordedAt = clock.millis();
        List<Long> done = drain(delivered);
        if (!done.isEmpty()) {
            outbox.markPublished(done);
            publishedTotal.addAndGet(done.size());
            long now = clock.millis();
            if (now - lastPublishFactAt >= 1000) {
                lastPublishFactAt = now;
                outbox.putFact(AgentFacts.LAST_PUBLISH, clock.instant().toString());
            }
        }
        List<Long> lost = drain(failed);
        if (!lost.isEmpty()) {
            outbox.release(lost);
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
