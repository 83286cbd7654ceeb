package org.doudi.link;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.tinylog.Logger;

/**
 * Keeps one MQTT connection alive for as long as the agent runs, as an explicit state machine:
 * {@code CONNECTING → CONNECTED → WAITING_TO_RETRY → CONNECTING …}, ending in {@code STOPPED}. It
 * retries from the very first failure (Paho's own reconnect never starts if the first connect fails)
 * with capped, fully jittered backoff, reset only once a connection has stayed up for {@code stableAfter}.
 */
public final class LinkSupervisor implements AutoCloseable {

    public enum State { STOPPED, CONNECTING, CONNECTED, WAITING_TO_RETRY }

    /** What the agent does as the link comes and goes; called on the supervisor's own thread. */
    public interface Listener {
        /** Subscribe, announce ourselves; throwing makes the connection count as failed. */
        void connected(long session) throws LinkException;

        void disconnected();

        void messageArrived(String topic, byte[] payload);

        default void stateChanged(State state) {
        }
    }

    private final MqttLink link;
    private final LinkSettings settings;
    private final Backoff backoff;
    private final Duration stableAfter;
    private final LongSupplier nextSession;
    private final LongFunction<LinkSettings.LastWill> willForSession;
    private final Listener listener;
    private final RandomGenerator random;
    private final AtomicReference<State> state = new AtomicReference<>(State.STOPPED);
    private final Object signal = new Object();
    private volatile boolean running;
    private volatile boolean lost;
    private Thread thread;

    public LinkSupervisor(MqttLink link, LinkSettings settings, Backoff backoff, Duration stableAfter,
            LongSupplier nextSession, LongFunction<LinkSettings.LastWill> willForSession, Listener listener,
            RandomGenerator random) {
        this.link = link;
        this.settings = settings;
        this.backoff = backoff;
        this.stableAfter = stableAfter;
        this.nextSession = nextSession;
        this.willForSession = willForSession;
        this.listener = listener;
        this.random = random;
    }

    public State state() {
        return state.get();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::superviseUntilStopped, "mqtt-link");
        thread.setDaemon(true);
        thread.start();
    }

    private void superviseUntilStopped() {
        int attempt = 0;
        while (running) {
            enter(State.CONNECTING);
            long session = nextSession.getAsLong();
            long connectedAt = 0;
            try {
                lost = false;
                link.connect(settings, willForSession.apply(session), new MqttLink.Events() {
                    @Override
                    public void connectionLost(Throwable cause) {
                        Logger.warn("MQTT connection lost: {}", cause == null ? "unknown cause" : cause.toString());
                        signalLost();
                    }

                    @Override
                    public void messageArrived(String topic, byte[] payload) {
                        listener.messageArrived(topic, payload);
                    }
                });
                listener.connected(session);
                connectedAt = System.nanoTime();
                enter(State.CONNECTED);
                Logger.info("MQTT connected (session {})", session);
                awaitLossOrStop();
            } catch (LinkException e) {
                Logger.warn("MQTT connect attempt {} failed: {}", attempt + 1, e.getMessage());
                link.disconnect(Duration.ZERO);
            }
            if (connectedAt != 0) {
                listener.disconnected();
                if (System.nanoTime() - connectedAt >= stableAfter.toNanos()) {
                    attempt = 0;
                }
            }
            if (!running) {
                break;
            }
            Duration delay = backoff.delay(attempt++, random);
            enter(State.WAITING_TO_RETRY);
            Logger.info("Next MQTT connect attempt in {} ms", delay.toMillis());
            sleepUnlessStopped(delay);
        }
        enter(State.STOPPED);
    }

    private void enter(State next) {
        if (state.getAndSet(next) != next) {
            listener.stateChanged(next);
        }
    }

    private void signalLost() {
        synchronized (signal) {
            lost = true;
            signal.notifyAll();
        }
    }

    private void awaitLossOrStop() {
        synchronized (signal) {
            while (running && !lost) {
                try {
                    signal.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (!link.isConnected()) {
                    lost = true;
                }
            }
        }
    }

    private void sleepUnlessStopped(Duration delay) {
        long until = System.nanoTime() + delay.toNanos();
        synchronized (signal) {
            while (running) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    signal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Stops retrying. {@code goodbye} runs while the connection (if any) is still up — the agent uses it
     * to publish its "offline: shutdown" status — then the link is closed politely.
     */
    public void stop(Runnable goodbye) {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = thread;
        }
        if (link.isConnected()) {
            goodbye.run();
        }
        synchronized (signal) {
            signal.notifyAll();
        }
        link.disconnect(Duration.ofSeconds(1));
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(() -> { });
        link.close();
    }
}
