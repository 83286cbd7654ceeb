package org.doudi.cli;

/** What the process exit status means, for scripts and systemd. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int REJECTED_INPUT = 3;
    static final int OUTBOX_FULL = 4;

    private ExitCodes() {
    }
}
