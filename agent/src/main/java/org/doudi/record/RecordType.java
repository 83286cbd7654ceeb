package org.doudi.record;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of record a device captures. The wire name is part of the protocol (docs/protocol.md). */
public enum RecordType {
    APPLICATION("application", 1),
    WELFARE_CHECK("welfare_check", 1),
    DAILY_REPORT("daily_report", 1),
    HELP_REQUEST("help_request", 1),
    EVENT("event", 1);

    private final String wireName;
    private final int schemaVersion;

    RecordType(String wireName, int schemaVersion) {
        this.wireName = wireName;
        this.schemaVersion = schemaVersion;
    }

    public String wireName() {
        return wireName;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    /** The schema identifier carried in every envelope, e.g. {@code application/1}. */
    public String schemaId() {
        return wireName + "/" + schemaVersion;
    }

    /** Business records are never shed under disk pressure; only telemetry events are. */
    public boolean isBusinessRecord() {
        return this != EVENT;
    }

    /** Read once per record sent, so a map rather than a search. */
    private static final Map<String, RecordType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(RecordType::wireName, t -> t));

    public static Optional<RecordType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(RecordType::wireName).toList());
    }
}
