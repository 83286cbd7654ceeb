package org.doudi.credential;

/**
 * A credential or list that is not what the format says. The reason is always one of the throwing code's
 * own fixed phrases, never text from the input or from a library, so it is safe to log and show.
 */
public final class MalformedException extends Exception {
    public MalformedException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
