package org.doudi.scan;

import java.nio.charset.Charset;

/** One thing read from a line-oriented scanner. */
public sealed interface SerialRead {
    /** A line that decoded and fitted every limit. */
    record Scan(ScannedCode code) implements SerialRead {
    }

    /** A line longer than the configured maximum; its bytes were discarded up to the terminator. */
    record LineTooLong(long bytes, int maxLineBytes) implements SerialRead {
    }

    /** A line whose bytes are not valid in the configured charset (line noise, wrong charset or baud). */
    record Undecodable(int bytes, Charset charset) implements SerialRead {
    }

    /** A line that decoded but broke a limit on what a read may be. */
    record Refused(ScanError error) implements SerialRead {
    }

    /** The device or file has no more data. */
    record EndOfInput() implements SerialRead {
    }
}
