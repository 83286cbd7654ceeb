package org.doudi.scan;

/** A value or the typed reason there is none. */
public sealed interface ScanOutcome<T> {
    record Ok<T>(T value) implements ScanOutcome<T> {
    }

    record Failed<T>(ScanError error) implements ScanOutcome<T> {
    }
}
