package org.doudi.scan;

import java.util.Objects;
import java.util.Optional;

/**
 * One accepted read. {@link #toString()} leaves the text out because it may be an ID number; logs get
 * {@link #describeForLog()}.
 *
 * @param symbology the barcode kind, or empty for text from a serial or keyboard-wedge scanner, which does not say
 */
public record ScannedCode(Optional<Symbology> symbology, String text, ScanKind kind) {
    public ScannedCode {
        Objects.requireNonNull(symbology);
        Objects.requireNonNull(text);
        Objects.requireNonNull(kind);
    }

    /** Classifies {@code text}, refusing it when longer than {@link ScanLimits#MAX_TEXT_BYTES}. */
    public static ScanOutcome<ScannedCode> of(Optional<Symbology> symbology, String text) {
        int bytes = ScanLimits.utf8Length(text);
        if (bytes > ScanLimits.MAX_TEXT_BYTES) {
            return new ScanOutcome.Failed<>(new ScanError.TextTooLong(bytes, ScanLimits.MAX_TEXT_BYTES));
        }
        return new ScanOutcome.Ok<>(new ScannedCode(symbology, text, ScanClassifier.classify(text)));
    }

    /** Symbology, length and kind: everything about a read that may be logged. */
    public String describeForLog() {
        return symbology.map(Symbology::name).orElse("TEXT") + " length=" + text.length() + " kind=" + kind;
    }

    @Override
    public String toString() {
        return "ScannedCode[" + describeForLog() + "]";
    }
}
