package org.doudi.testsupport;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.OutboxOptions;
import org.doudi.outbox.sqlite.SqliteOutbox;

/** Outboxes for tests: no ballast file, plenty of (fake) free space, a fixed identity. */
public final class TestOutboxes {
    public static final String DEVICE = "kiosk-test-01";
    public static final String TOWNSHIP = "110101001";

    private TestOutboxes() {
    }

    public static OutboxOptions options(Path dir, Clock clock) {
        return new OutboxOptions(dir, 0, 0, 0, 0, () -> Long.MAX_VALUE, clock);
    }

    public static OutboxOptions options(Path dir) {
        return options(dir, Clock.systemUTC());
    }

    public static SqliteOutbox open(OutboxOptions options) {
        try {
            return OutboxOpener.open(options, Optional.of(DEVICE), Optional.of(TOWNSHIP), true).outbox();
        } catch (Exception e) {
            throw new AssertionError("could not open the outbox: " + e, e);
        }
    }

    public static SqliteOutbox open(Path dir) {
        return open(options(dir));
    }
}
