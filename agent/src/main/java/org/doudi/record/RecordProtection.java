package org.doudi.record;

import com.fasterxml.jackson.databind.JsonNode;

/** An enrolled device's protection: payloads sealed to the centre at capture, envelopes signed once their seq is fixed. */
public interface RecordProtection {

    Payload.Sealed seal(DeviceIdentity device, String recordId, RecordType type, JsonNode json);

    DeviceSignature sign(Envelope unsigned);

    default Sealing sealingFor(DeviceIdentity device) {
        return (recordId, type, json) -> seal(device, recordId, type, json);
    }
}
