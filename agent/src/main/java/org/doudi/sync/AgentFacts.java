package org.doudi.sync;

/** Keys of the facts the running agent leaves in the outbox for {@code doudi status} and the demo. */
public final class AgentFacts {
    public static final String LINK_STATE = "link.state";
    public static final String LINK_SINCE = "link.since";
    public static final String LAST_PUBLISH = "link.last_publish";
    /** How many records the running agent is sending (claimed, not yet published): they are pending on disk. */
    public static final String SENDING = "link.sending";
    public static final String SESSION = "link.session";
    public static final String LAST_ALERT = "alert.last";
    /** The number of the last command this device accepted: anything not above it is a replay. */
    public static final String COMMAND_NUMBER = "command.number";
    /** What the last command report was about, so a retained command is reported once, not on every reconnect. */
    public static final String COMMAND_REPORTED = "command.reported";
    /** When this data directory first ran an agent that takes commands: older commands were for an earlier enrolment. */
    public static final String COMMANDS_SINCE = "command.since";

    private AgentFacts() {
    }
}
