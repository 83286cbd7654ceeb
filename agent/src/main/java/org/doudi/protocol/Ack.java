package org.doudi.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.doudi.record.SeqRange;

/**
 * The centre's word that records are stored for good: everything up to {@code upTo}, plus ranges
 * above it that arrived ahead of a gap (priority sending makes that normal). Published retained, so a
 * device that was offline learns the latest state the moment it subscribes.
 */
public record Ack(long upTo, List<SeqRange> ranges, Instant serverTime) {
    public static final int MAX_RANGES = 1024;

    public Ack {
        ranges = List.copyOf(ranges);
    }

    /** All ranges this ack covers, the cumulative part included. */
    public List<SeqRange> coveredRanges() {
        List<SeqRange> all = new ArrayList<>();
        if (upTo > 0) {
            all.add(new SeqRange(1, upTo));
        }
        all.addAll(ranges);
        return all;
    }

    public byte[] encode() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("v", 1);
        node.put("upto", upTo);
        ArrayNode array = node.putArray("ranges");
        for (SeqRange r : ranges) {
            array.addArray().add(r.first()).add(r.last());
        }
        node.put("server_time", serverTime.toString());
        return Json.write(node);
    }

    public static Ack decode(byte[] bytes) throws MalformedMessage {
        JsonNode node = Json.parse(bytes, "ack");
        long upTo = node.path("upto").asLong(-1);
        if (upTo < 0) {
            throw new MalformedMessage("ack upto must be a non-negative integer");
        }
        JsonNode rangesNode = node.path("ranges");
        if (!rangesNode.isMissingNode() && (!rangesNode.isArray() || rangesNode.size() > MAX_RANGES)) {
            throw new MalformedMessage("ack ranges must be an array of at most " + MAX_RANGES + " [first,last] pairs");
        }
        List<SeqRange> ranges = new ArrayList<>();
        for (JsonNode pair : rangesNode) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).canConvertToLong() || !pair.get(1).canConvertToLong()) {
                throw new MalformedMessage("ack range is not a [first,last] pair of integers");
            }
            try {
                ranges.add(new SeqRange(pair.get(0).asLong(), pair.get(1).asLong()));
            } catch (IllegalArgumentException e) {
                throw new MalformedMessage("ack range is empty or starts below 1");
            }
        }
        Instant serverTime;
        try {
            serverTime = Instant.parse(node.path("server_time").asText(""));
        } catch (DateTimeParseException e) {
            throw new MalformedMessage("ack server_time is not an ISO-8601 UTC instant");
        }
        return new Ack(upTo, ranges, serverTime);
    }
}
