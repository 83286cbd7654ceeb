package org.doudi.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Function;
import org.doudi.protocol.Json;
import org.doudi.protocol.MalformedMessage;
import org.doudi.record.Envelope;
import org.doudi.record.Payload;
import org.doudi.record.SealedPayload;

/**
 * The centre's side: checks that an envelope comes, unaltered, from the enrolled device it names, and
 * opens its payload. Every refusal is a {@link RecordRefused} naming the reason, never the content.
 */
public final class CentreProtection {
    private final Keys.CentralPrivateKey centralKey;
    private final Function<String, Optional<Keys.DevicePublicKey>> enrolledKeys;
    private final boolean acceptReadable;

    /**
     * @param enrolledKeys the signing key of each enrolled device, by device id
     * @param acceptReadable whether unsealed, unsigned records (devices not enrolled: demos, tests) are let in
     */
    public CentreProtection(Keys.CentralPrivateKey centralKey, Function<String, Optional<Keys.DevicePublicKey>> enrolledKeys,
            boolean acceptReadable) {
        this.centralKey = centralKey;
        this.enrolledKeys = enrolledKeys;
        this.acceptReadable = acceptReadable;
    }

    /** The envelope with its payload opened, or why it is refused. */
    public Envelope check(Envelope e) throws RecordRefused {
        if (!(e.payload() instanceof Payload.Sealed(SealedPayload sealed))) {
            if (acceptReadable) {
                return e;
            }
            throw new RecordRefused(RecordRefused.Reason.NOT_SEALED, "the payload is not sealed");
        }
        Keys.DevicePublicKey deviceKey = enrolledKeys.apply(e.deviceId()).orElseThrow(() -> new RecordRefused(
                RecordRefused.Reason.NOT_ENROLLED, "the device is not enrolled here"));
        if (e.signature().isEmpty()) {
            throw new RecordRefused(RecordRefused.Reason.BAD_SIGNATURE, "the envelope is not signed");
        }
        if (!EnvelopeSignatures.verifies(deviceKey, ProtectedFields.signedBytes(e, e.signature().get().keyId()),
                e.signature().get())) {
            throw new RecordRefused(RecordRefused.Reason.BAD_SIGNATURE,
                    "the signature does not verify with the device's enrolled key: forged or altered");
        }
        try {
            byte[] clear = PayloadSeal.open(centralKey, sealed,
                    ProtectedFields.sealContext(e.recordId(), e.deviceId(), e.township(), e.type()));
            JsonNode json = Json.parse(clear, "sealed payload");
            if (!json.isObject()) {
                throw new RecordRefused(RecordRefused.Reason.UNREADABLE, "the opened payload is not a JSON object");
            }
            return e.withPayload(Payload.readable(json));
        } catch (UnreadablePayload u) {
            throw new RecordRefused(RecordRefused.Reason.UNREADABLE, "the payload " + u.getMessage());
        } catch (MalformedMessage m) {
            throw new RecordRefused(RecordRefused.Reason.UNREADABLE, "the opened payload is not JSON");
        }
    }
}
