package org.doudi.record;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/** Record identities: UUIDv7 (RFC 9562), time-ordered so the centre's indexes stay compact. */
public final class RecordIds {
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private RecordIds() {
    }

    /** Canonical lowercase UUIDv7 text, as {@link #next()} writes it. */
    private static final java.util.regex.Pattern UUID_V7 =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    public static String next() {
        return GENERATOR.generate().toString();
    }

    /**
     * Whether a received record id has the form devices write. Checked before anything stores it: an id
     * with a NUL character in it failed every batch PostgreSQL was given, each time the device resent.
     */
    public static boolean isValid(String recordId) {
        return recordId != null && UUID_V7.matcher(recordId).matches();
    }
}
