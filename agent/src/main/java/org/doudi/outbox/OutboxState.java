package org.doudi.outbox;

/**
 * A record's life in the outbox:
 * {@code PENDING → SENDING → PUBLISHED (broker PUBACK) → ACKNOWLEDGED (centre stored it) → purged}.
 * A crash or a lost link sends {@code SENDING} back to {@code PENDING}; a {@code PUBLISHED} record whose
 * acknowledgement never comes goes back too. Any state may jump to {@code ACKNOWLEDGED}; a resend command
 * from the centre sends {@code PUBLISHED} and {@code ACKNOWLEDGED} records back to {@code PENDING}.
 * {@code SENDING} is held in the memory of the one process that sends, not on disk (decision 0011).
 */
public enum OutboxState {
    PENDING(0),
    SENDING(1),
    PUBLISHED(2),
    ACKNOWLEDGED(3);

    private final int code;

    OutboxState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static OutboxState ofCode(int code) {
        for (OutboxState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown outbox state " + code);
    }
}
