package org.doudi.outbox;

/** The outbox's storage failed in a way the caller cannot fix (I/O error, locked beyond patience). */
public final class OutboxFailure extends RuntimeException {
    public OutboxFailure(String what, Throwable cause) {
        super(what, cause);
    }
}
