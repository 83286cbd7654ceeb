package org.doudi.outbox.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Usable bytes on the volume holding the data directory. Tests inject a small or shrinking disk. */
@FunctionalInterface
public interface FreeSpace {
    long usableBytes();

    static FreeSpace of(Path dir) {
        return () -> {
            try {
                return Files.getFileStore(dir).getUsableSpace();
            } catch (IOException e) {
                // Unknown is treated as plenty: refusing every record because statvfs hiccuped would lose more.
                return Long.MAX_VALUE;
            }
        };
    }
}
