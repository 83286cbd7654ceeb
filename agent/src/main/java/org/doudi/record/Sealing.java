package org.doudi.record;

import com.fasterxml.jackson.databind.JsonNode;

/** Seals a payload at capture, bound to its record; on an enrolled device the clear payload goes no further. */
@FunctionalInterface
public interface Sealing {
    Payload.Sealed seal(String recordId, RecordType type, JsonNode json);
}
