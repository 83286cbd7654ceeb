package org.doudi.outbox.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A high-water mark for {@code seq} kept outside the database, reserved in blocks. If the database is
 * ever lost to corruption, numbering resumes above every seq that could have been issued, so the
 * centre never sees one number used for two records.
 */
final class SeqReservation {
    static final long BLOCK = 1000;
    private final Path file;
    private long reservedUpTo;

    SeqReservation(Path file) {
        this.file = file;
        this.reservedUpTo = read(file);
    }

    long reservedUpTo() {
        return reservedUpTo;
    }

    /** Makes sure every seq up to {@code highest} is covered, writing the file durably when it is not. */
    void cover(long highest) throws IOException {
        if (highest <= reservedUpTo) {
            return;
        }
        long next = highest + BLOCK;
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((next + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        reservedUpTo = next;
    }

    static long read(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
