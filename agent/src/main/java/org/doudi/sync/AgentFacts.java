package org.doudi.sync;

/** Keys of the facts the running agent leaves in the outbox for {@code doudi status} and the demo. */
public final class AgentFacts {
    public static final String LINK_STATE = "link.state";
    public static final String LINK_SINCE = "link.since";
    public static final String LAST_PUBLISH = "link.last_publish";
    public static final String SESSION = "link.session";
    public static final String LAST_ALERT = "alert.last";

    private AgentFacts() {
    }
}
