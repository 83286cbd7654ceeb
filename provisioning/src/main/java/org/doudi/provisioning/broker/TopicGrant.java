package org.doudi.provisioning.broker;

/** One ACL line: what an account may do on a topic filter. */
public record TopicGrant(Access access, String topicFilter) {
    public enum Access {
        /** Receive messages published on matching topics (Mosquitto still accepts the SUBSCRIBE of others, then delivers nothing). */
        READ("read"),
        /** Publish on matching topics; other publishes are acknowledged and silently dropped (MQTT 3.1.1 has no refusal code). */
        WRITE("write");

        private final String keyword;

        Access(String keyword) {
            this.keyword = keyword;
        }

        /** The word in Mosquitto's {@code topic <access> <filter>} line. */
        public String keyword() {
            return keyword;
        }
    }

    public String aclLine() {
        return "topic " + access.keyword() + " " + topicFilter;
    }
}
