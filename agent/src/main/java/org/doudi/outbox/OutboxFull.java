package org.doudi.outbox;

/**
 * New records cannot be saved right now. Everything already stored is kept; saving works again by
 * itself once space returns. The UI shows {@link #USER_MESSAGE} and staff read {@link #getMessage()}.
 */
public final class OutboxFull extends Exception {
    public static final String USER_MESSAGE = "无法保存，请联系工作人员 / Cannot save — please ask staff";

    public enum Cause {
        /** Free space on the data volume fell below the refusal threshold. */
        LOW_DISK_SPACE,
        /** The database hit its size cap ({@code outbox.max-size-mb}) or the disk itself is full. */
        DATABASE_FULL
    }

    private final Cause cause;

    public OutboxFull(Cause cause, String detail) {
        super(detail);
        this.cause = cause;
    }

    public Cause reason() {
        return cause;
    }
}
