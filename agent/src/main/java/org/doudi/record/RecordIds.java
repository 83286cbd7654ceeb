package org.doudi.record;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/** Record identities: UUIDv7 (RFC 9562), time-ordered so the centre's indexes stay compact. */
public final class RecordIds {
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private RecordIds() {
    }

    public static String next() {
        return GENERATOR.generate().toString();
    }
}
