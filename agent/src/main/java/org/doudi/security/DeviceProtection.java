package org.doudi.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.doudi.protocol.Json;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.DeviceSignature;
import org.doudi.record.Envelope;
import org.doudi.record.Payload;
import org.doudi.record.RecordType;
import org.doudi.record.RecordProtection;

/** An enrolled device's protection: payloads sealed to the centre at capture, envelopes signed with its own key. */
public final class DeviceProtection implements RecordProtection {
    private final Keys.CentralPublicKey centre;
    private final Keys.DeviceSigningKey deviceKey;

    public DeviceProtection(Keys.CentralPublicKey centre, Keys.DeviceSigningKey deviceKey) {
        this.centre = centre;
        this.deviceKey = deviceKey;
    }

    @Override
    public Payload.Sealed seal(DeviceIdentity device, String recordId, RecordType type, JsonNode json) {
        return new Payload.Sealed(PayloadSeal.seal(centre, Json.write(json),
                ProtectedFields.sealContext(recordId, device.deviceId(), device.township(), type)));
    }

    @Override
    public DeviceSignature sign(Envelope unsigned) {
        return EnvelopeSignatures.sign(deviceKey, ProtectedFields.signedBytes(unsigned, deviceKey.keyId()));
    }
}
