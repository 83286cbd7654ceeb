package org.doudi.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The retained message on a device's status topic. {@code session} grows with every connection, so
 * the centre can discard a stale "offline" (a late last-will) that arrives after a newer "online".
 */
public record DeviceStatus(State state, long session, String reason, String agentVersion, Instant at, long backlog) {
    public enum State { ONLINE, OFFLINE }

    public static DeviceStatus online(long session, String agentVersion, Instant at, long backlog) {
        return new DeviceStatus(State.ONLINE, session, "connected", agentVersion, at, backlog);
    }

    /** The last will: what the broker says for us when the link dies without a goodbye. */
    public static DeviceStatus lost(long session, String agentVersion, Instant at) {
        return new DeviceStatus(State.OFFLINE, session, "connection lost", agentVersion, at, -1);
    }

    public static DeviceStatus shutdown(long session, String agentVersion, Instant at, long backlog) {
        return new DeviceStatus(State.OFFLINE, session, "shutdown", agentVersion, at, backlog);
    }

    public byte[] encode() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("v", 1);
        node.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        node.put("session", session);
        node.put("reason", reason);
        node.put("agent_version", agentVersion);
        node.put("at", at.toString());
        node.put("backlog", backlog);
        return Json.write(node);
    }

    public static DeviceStatus decode(byte[] bytes) throws MalformedMessage {
        JsonNode node = Json.parse(bytes, "status");
        State state;
        try {
            state = State.valueOf(node.path("state").asText("").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessage("status state must be online or offline");
        }
        try {
            return new DeviceStatus(state, node.path("session").asLong(0), node.path("reason").asText(""),
                    node.path("agent_version").asText(""), Instant.parse(node.path("at").asText("")),
                    node.path("backlog").asLong(-1));
        } catch (DateTimeParseException e) {
            throw new MalformedMessage("status at is not an ISO-8601 UTC instant");
        }
    }
}
