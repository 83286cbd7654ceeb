package org.doudi.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.doudi.link.LinkBusy;
import org.doudi.link.LinkException;
import org.doudi.link.LinkSettings;
import org.doudi.link.MqttLink;
import org.doudi.testsupport.TestRecords;

/**
 * An in-memory link: records every publish, can refuse with {@link LinkBusy} or fail with
 * {@link LinkException}, and delivers PUBACKs only when told to (or automatically), always on its own
 * thread as a real client would.
 */
public final class FakeMqttLink implements MqttLink {
    record Publish(String topic, long seq, byte[] payload, Delivery delivery, String thread) {
    }

    private final ConcurrentLinkedQueue<Publish> outstanding = new ConcurrentLinkedQueue<>();
    private final AtomicInteger outstandingCount = new AtomicInteger();
    private final AtomicInteger maxOutstanding = new AtomicInteger();
    private final List<Publish> accepted = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger busyRefusals = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private final ExecutorService ackThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-link-puback");
        t.setDaemon(true);
        return t;
    });
    private final SplittableRandom random = new SplittableRandom(17);

    private final Object connectionLock = new Object();
    volatile boolean connected = true;
    volatile boolean busy;
    /** Acknowledge each publish shortly after it is made, in small random groups. */
    public volatile boolean autoAck;

    @Override
    public void connect(LinkSettings settings, LinkSettings.LastWill will, Events events) {
        connected = true;
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, Delivery delivery) throws LinkException {
        // As on a real connection, a publish goes out before the connection drops or fails after: it
        // can never land on the next connection.
        synchronized (connectionLock) {
            publishOnThisConnection(topic, payload, delivery);
        }
    }

    private void publishOnThisConnection(String topic, byte[] payload, Delivery delivery) throws LinkException {
        if (!connected) {
            failures.incrementAndGet();
            throw new LinkException("not connected");
        }
        if (busy) {
            busyRefusals.incrementAndGet();
            throw new LinkBusy();
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failures.incrementAndGet();
            throw new LinkException("connection reset");
        }
        Publish p = new Publish(topic, TestRecords.decode(payload).seq(), payload, delivery,
                Thread.currentThread().getName());
        int now = outstandingCount.incrementAndGet();
        maxOutstanding.accumulateAndGet(now, Math::max);
        outstanding.add(p);
        accepted.add(p);
        if (autoAck) {
            ackThread.execute(this::ackSomeRandomly);
        }
    }

    private void ackSomeRandomly() {
        int n;
        synchronized (random) {
            n = random.nextInt(3); // sometimes nothing: PUBACKs lag behind publishes
        }
        for (int i = 0; i < n; i++) {
            ackOne(true);
        }
        if (outstandingCount.get() > 0) {
            ackThread.execute(this::ackSomeRandomly);
        }
    }

    /** Delivers one PUBACK (or failure); the count drops before the callback, as the window is the broker's. */
    private boolean ackOne(boolean ok) {
        Publish p = outstanding.poll();
        if (p == null) {
            return false;
        }
        outstandingCount.decrementAndGet();
        if (ok) {
            p.delivery().delivered();
        } else {
            p.delivery().failed(new LinkException("delivery failed"));
        }
        return true;
    }

    /** PUBACKs for everything outstanding when called, on the link's thread; returns how many. */
    int ackAll() {
        return onAckThread(true);
    }

    /** Failure callbacks for everything outstanding when called, on the link's thread. */
    int failAll() {
        return onAckThread(false);
    }

    private int onAckThread(boolean ok) {
        Future<Integer> f = ackThread.submit(() -> {
            // Only what is outstanding now: the drainer may publish more while these callbacks run.
            int n = 0;
            for (int todo = outstandingCount.get(); n < todo && ackOne(ok); ) {
                n++;
            }
            return n;
        });
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The connection dies: nothing outstanding will ever be acknowledged. Returns what was lost. */
    List<Publish> drop() {
        synchronized (connectionLock) {
            connected = false;
            List<Publish> lost = new ArrayList<>();
            for (Publish p; (p = outstanding.poll()) != null; ) {
                outstandingCount.decrementAndGet();
                lost.add(p);
            }
            return lost;
        }
    }

    void failNext(int n) {
        failNext.set(n);
    }

    int outstanding() {
        return outstandingCount.get();
    }

    int maxOutstanding() {
        return maxOutstanding.get();
    }

    public List<Long> publishedSeqs() {
        synchronized (accepted) {
            return accepted.stream().map(Publish::seq).toList();
        }
    }

    List<Publish> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    int busyRefusals() {
        return busyRefusals.get();
    }

    int failures() {
        return failures.get();
    }

    @Override
    public void subscribe(String topicFilter) {
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void disconnect(Duration quiesce) {
        connected = false;
    }

    @Override
    public void close() {
        ackThread.shutdownNow();
    }
}
