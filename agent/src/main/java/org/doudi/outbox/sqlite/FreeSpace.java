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
     * The volume of {@code dir}, found once: finding it reads the mount table, which cost a third of
     * an append's time when done per call; asking it for free space afterwards is one statvfs.
     */
    static FreeSpace of(Path dir) {
        return new FreeSpace() {
            private FileStore volume;

            @Override
            public synchronized long usableBytes() {
                try {
                    if (volume == null) {
                        volume = Files.getFileStore(dir);
                    }
                    return volume.getUsableSpace();
                } catch (IOException e) {
                    // Unknown is treated as plenty: refusing every record because statvfs hiccuped would lose more.
                    return Long.MAX_VALUE;
                }
            }
        };
    }
}
