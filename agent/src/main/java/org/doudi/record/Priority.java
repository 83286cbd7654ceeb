package org.doudi.record;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Send order when a backlog drains: a family waiting for emergency aid must not queue behind
 * a week of telemetry. Lower rank goes first; within a rank, records go in {@code seq} order.
 */
public enum Priority {
    EMERGENCY(0),
    APPLICATION(1),
    WELFARE_CHECK(2),
    REPORT(3),
    EVENT(4);

    private final int rank;

    Priority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Priority ofRank(int rank) {
        for (Priority p : values()) {
            if (p.rank == rank) {
                return p;
            }
        }
        throw new IllegalArgumentException("no priority with rank " + rank);
    }

    /**
     * Emergency applications (急难 or flagged urgent) and a kiosk user's call for help are time-critical:
     * a person may be standing at the kiosk or in danger, so both jump every queue.
     */
    public static Priority of(RecordType type, JsonNode payload) {
        return switch (type) {
            case APPLICATION -> isEmergency(payload) ? EMERGENCY : APPLICATION;
            case HELP_REQUEST -> EMERGENCY;
            case WELFARE_CHECK -> WELFARE_CHECK;
            case DAILY_REPORT -> REPORT;
            case EVENT -> EVENT;
        };
    }

    private static boolean isEmergency(JsonNode payload) {
        return payload.path("urgent").asBoolean(false)
                || "emergency".equals(payload.path("assistance_type").asText());
    }
}
