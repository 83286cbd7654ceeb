package org.doudi.central;

/**
 * The store could not do what was asked (I/O error, full disk, locked beyond patience). Nothing of
 * the failed call may be acknowledged; devices resend what stays unacknowledged.
 */
public final class ReceivedStoreFailure extends RuntimeException {
    public ReceivedStoreFailure(String what, Throwable cause) {
        super(what, cause);
    }

    public ReceivedStoreFailure(String what) {
        super(what);
    }
}
