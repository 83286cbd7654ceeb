package org.doudi.app;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One agent daemon per data directory: two would both believe they own the in-flight records.
 * The CLI never takes this lock; it only asks whether a daemon holds it.
 */
public final class DataDirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    /** Another daemon already runs on this data directory. */
    public static final class Held extends Exception {
        public Held(Path dir) {
            super("another Doudi agent is already running on " + dir + "; stop it first or use another --data-dir");
        }
    }

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DataDirLock acquire(Path dataDir) throws Held, IOException {
        Files.createDirectories(dataDir);
        FileChannel ch = FileChannel.open(dataDir.resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                throw new Held(dataDir);
            }
            return new DataDirLock(ch, lock);
        } catch (OverlappingFileLockException e) {
            ch.close();
            throw new Held(dataDir);
        }
    }

    /** Whether a daemon currently holds the lock (by briefly trying to take it). */
    public static boolean isHeld(Path dataDir) {
        if (!Files.exists(dataDir.resolve("agent.lock"))) {
            return false;
        }
        try (DataDirLock ignored = acquire(dataDir)) {
            return false;
        } catch (Held e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
