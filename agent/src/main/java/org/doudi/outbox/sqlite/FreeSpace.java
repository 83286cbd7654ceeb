package org.doudi.outbox.sqlite;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Usable bytes on the volume holding the data directory. Tests inject a small or shrinking disk. */
@FunctionalInterface
public interface FreeSpace {
    long usableBytes();

    /**
     * How long a reading is reused. An SD card writes at most a few MiB in that time, far less than the
     * margins above the shed and refuse thresholds; SQLite's own "disk full" and the ballast cover the
     * rest. Asking once per append cost 3 % of the append's time.
     */
    long REUSE_NANOS = 100_000_000L;

    /**
     * The volume of {@code dir}, found once: finding it reads the mount table, which cost a third of
     * an append's time when done per call; asking it for free space afterwards is one statvfs.
     */
    static FreeSpace of(Path dir) {
        return new FreeSpace() {
            private FileStore volume;
            private long reading;
            private long readAt;

            @Override
            public synchronized long usableBytes() {
                long now = System.nanoTime();
                if (volume != null && now - readAt < REUSE_NANOS) {
                    return reading;
                }
                try {
                    if (volume == null) {
                        volume = Files.getFileStore(dir);
                    }
                    reading = volume.getUsableSpace();
                    readAt = now;
                    return reading;
                } catch (IOException e) {
                    // Unknown is treated as plenty: refusing every record because statvfs hiccuped would lose more.
                    return Long.MAX_VALUE;
                }
            }
        };
    }
}
