package org.doudi.credential;

/**
 * A credential or list that is not what the format says. The reason is always one of this package's
 * own fixed phrases, never text from the input or from a library, so it is safe to log and show.
 */
final class MalformedException extends Exception {
    MalformedException(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
