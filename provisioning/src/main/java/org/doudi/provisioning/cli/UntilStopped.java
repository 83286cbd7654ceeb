package org.doudi.provisioning.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a long-running command going until Ctrl-C, and lets it close down before the JVM exits: the
 * JVM halts as soon as its shutdown hooks return, so the hook waits for {@link #close()}, which the
 * command calls once it has finished (for the inbox: stored what was queued and sent the acks due).
 * An interrupt of the command's thread stops it the same way; tests use that.
 */
final class UntilStopped implements AutoCloseable {
    /** Longer than the receiver takes to drain and close (CentralReceiver waits 30 s for its worker). */
    private static final Duration PATIENCE_AT_SHUTDOWN = Duration.ofSeconds(60);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private boolean interrupted;

    UntilStopped(String name) {
        hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                finished.await(PATIENCE_AT_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits up to {@code time}; true once a stop was asked for. */
    boolean stoppedWithin(Duration time) {
        if (interrupted) {
            return true;
        }
        try {
            return stopRequested.await(time.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // Kept aside rather than re-raised at once: closing down waits on threads, and must not be cut short.
            interrupted = true;
            return true;
        }
    }

    /** The command has closed down; Ctrl-C may now end the JVM. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (Ctrl-C) and returns now that we have finished.
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
