package org.doudi.security;

/** Why the centre refuses a record; the message never holds the record's content. */
public final class RecordRefused extends Exception {
    public enum Reason { NOT_SEALED, NOT_ENROLLED, BAD_SIGNATURE, UNREADABLE }

    private final Reason reason;

    public RecordRefused(Reason reason, String why) {
        super(why);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
