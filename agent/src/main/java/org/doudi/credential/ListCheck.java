package org.doudi.credential;

/** The outcome of checking a signed trust list or revocation list. */
public sealed interface ListCheck<T> {
    record Accepted<T>(T list) implements ListCheck<T> {
    }

    /** The detail is a fixed phrase or numbers from this package, safe to log. */
    record Refused<T>(ListProblem problem, String detail) implements ListCheck<T> {
    }
}
