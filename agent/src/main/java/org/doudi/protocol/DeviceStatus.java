package org.doudi.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The retained message on a device's status topic. {@code session} grows with every connection, so
 * the centre can discard a stale "offline" (a late last-will) that arrives after a newer "online".
 */
public record DeviceStatus(State state, long session, String reason, String agentVersion, Instant at, long backlog,
        Optional<Duration> clockOffset) {
    public enum State { ONLINE, OFFLINE }

    public static DeviceStatus online(long session, String agentVersion, Instant at, long backlog) {
        return new DeviceStatus(State.ONLINE, session, "connected", agentVersion, at, backlog, Optional.empty());
    }

    /** The last will: what the broker says for us when the link dies without a goodbye. */
    public static DeviceStatus lost(long session, String agentVersion, Instant at) {
        return new DeviceStatus(State.OFFLINE, session, "connection lost", agentVersion, at, -1, Optional.empty());
    }

    public static DeviceStatus shutdown(long session, String agentVersion, Instant at, long backlog) {
        return new DeviceStatus(State.OFFLINE, session, "shutdown", agentVersion, at, backlog, Optional.empty());
    }

    /**
     * The same status with the device's clock offset: device clock minus the centre's, as the device last
     * measured it from an acknowledgement (which carries the centre's time), so the fleet view can show
     * which devices' clocks drift without trusting the moment a retained message was delivered.
     */
    public DeviceStatus withClockOffset(Duration offset) {
        return new DeviceStatus(state, session, reason, agentVersion, at, backlog, Optional.of(offset));
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
        clockOffset.ifPresent(offset -> node.put("clock_offset_ms", offset.toMillis()));
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
                    node.path("backlog").asLong(-1), node.path("clock_offset_ms").isIntegralNumber()
                            ? Optional.of(Duration.ofMillis(node.path("clock_offset_ms").asLong()))
                            : Optional.empty());
        } catch (DateTimeParseException e) {
            throw new MalformedMessage("status at is not an ISO-8601 UTC instant");
        }
    }
}
