package org.doudi.cli;

/** What the process exit status means, for scripts and systemd; the office tool ({@code ./provision}) uses the same. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int REJECTED_INPUT = 3;
    public static final int OUTBOX_FULL = 4;

    private ExitCodes() {
    }
}
