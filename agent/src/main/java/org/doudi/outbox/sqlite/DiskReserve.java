package org.doudi.outbox.sqlite;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A ballast file. Something else on the kiosk (logs of another program, a camera dump) may fill the
 * disk to the last byte; giving the ballast up then lets the outbox still mark records published and
 * acknowledged, so the backlog keeps draining and space keeps coming back.
 */
final class DiskReserve {
    /** Another process (the CLI) may give the ballast up; seeing that a second late costs nothing. */
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private final Path file;
    private final long bytes;
    private long seenHeldAt = System.nanoTime() - RECHECK_NANOS;

    DiskReserve(Path file, long bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    boolean isHeld() {
        return bytes == 0 || Files.exists(file);
    }

    /** Re-creates the ballast if it was given up and the disk has room for it again. */
    synchronized void restoreIfRoom(long freeBytes, long keepFree) {
        long now = System.nanoTime();
        if (now - seenHeldAt < RECHECK_NANOS) {
            return;
        }
        if (isHeld()) {
            seenHeldAt = now;
            return;
        }
        if (freeBytes < bytes + keepFree) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            // Written, not just sized: a sparse file would reserve nothing.
            byte[] block = new byte[64 * 1024];
            for (long written = 0; written < bytes; written += block.length) {
                raf.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
            raf.getFD().sync();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Nothing more to do: the ballast is simply absent until the next attempt.
            }
        }
    }

    /** Frees the ballast; returns whether there was one to free. */
    synchronized boolean release() {
        seenHeldAt = System.nanoTime() - RECHECK_NANOS;
        try {
            return bytes > 0 && Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }
}
