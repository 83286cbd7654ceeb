package org.doudi.scan;

import java.time.Duration;

/** What decoding one image or frame produced. */
public sealed interface DecodeResult {
    Duration elapsed();

    /** A code was found and passed its checksum or error correction (and, for Code 128, was read twice). */
    record Decoded(ScannedCode code, Duration elapsed, int attempts) implements DecodeResult {
    }

    /**
     * No code was found.
     *
     * @param budgetExhausted true when attempts remained but the time budget ran out first
     */
    record NothingFound(Duration elapsed, int attempts, boolean budgetExhausted) implements DecodeResult {
    }

    /** The input was refused (too large, unreadable) or the read broke a limit. */
    record Refused(ScanError error, Duration elapsed) implements DecodeResult {
    }
}
