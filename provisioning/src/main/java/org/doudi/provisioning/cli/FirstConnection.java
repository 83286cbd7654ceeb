package org.doudi.provisioning.cli;

import java.time.Duration;
import java.util.function.Supplier;
import org.doudi.link.LinkSupervisor;

/**
 * Whether a tool's first attempt to reach the broker succeeded. Later losses are the link supervisor's
 * to retry, but a tool that cannot reach its broker at all is misconfigured more often than not, and
 * says so at once instead of retrying in silence.
 */
final class FirstConnection {
    /** A first attempt takes at most the link's connect timeout (10 s); this leaves room for a slow start. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);

    enum Outcome { CONNECTED, FAILED, STOPPED }

    private FirstConnection() {
    }

    /** Waits for the first attempt's outcome; one that takes too long has failed. */
    static Outcome await(Supplier<LinkSupervisor.State> link, UntilStopped running) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() - deadline < 0) {
            switch (link.get()) {
                case CONNECTED -> {
                    return Outcome.CONNECTED;
                }
                case WAITING_TO_RETRY -> {
                    return Outcome.FAILED;
                }
                case STOPPED, CONNECTING -> {
                    if (running.stoppedWithin(POLL)) {
                        return Outcome.STOPPED;
                    }
                }
            }
        }
        return Outcome.FAILED;
    }
}
