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
    private final Path file;
    private final long bytes;

    DiskReserve(Path file, long bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    boolean isHeld() {
        return bytes == 0 || Files.exists(file);
    }

    /** Re-creates the ballast if it was given up and the disk has room for it again. */
    void restoreIfRoom(long freeBytes, long keepFree) {
        if (isHeld() || freeBytes < bytes + keepFree) {
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
    boolean release() {
        try {
            return bytes > 0 && Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }
}
