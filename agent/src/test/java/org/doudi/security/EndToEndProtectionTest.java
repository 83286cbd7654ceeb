package org.doudi.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.protocol.Json;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.NewRecord;
import org.doudi.record.Payload;
import org.doudi.record.RecordType;
import org.doudi.testsupport.TestRecords;
import org.junit.jupiter.api.Test;

/** A record sealed and signed on the device opens at the centre, and nothing else gets through. */
class EndToEndProtectionTest {
    private static final DeviceIdentity DEVICE = new DeviceIdentity("kiosk-e2e-01", "110101001");
    private static final DeviceIdentity OTHER = new DeviceIdentity("kiosk-e2e-02", "110101001");

    private final Keys.CentralPrivateKey centralKey = Keys.CentralPrivateKey.generate();
    private final Keys.DeviceSigningKey deviceKey = Keys.DeviceSigningKey.generate();
    private final Keys.DeviceSigningKey otherKey = Keys.DeviceSigningKey.generate();
    private final DeviceProtection device = new DeviceProtection(centralKey.publicKey(), deviceKey);
    private final Map<String, Keys.DevicePublicKey> enrolled = Map.of(DEVICE.deviceId(), deviceKey.publicKey(),
            OTHER.deviceId(), otherKey.publicKey());
    private final CentreProtection centre = new CentreProtection(centralKey,
            id -> Optional.ofNullable(enrolled.get(id)), false);
    private final TestRecords records = new TestRecords(9);

    /** What the outbox stores and the broker carries: sealed at capture, signed with its seq. */
    private byte[] onTheWire(NewRecord readable, DeviceIdentity from, DeviceProtection protection, long seq) {
        JsonNode json = readable.payload().readableJson().orElseThrow();
        NewRecord sealed = new NewRecord(readable.recordId(), readable.type(), readable.createdAt(),
                readable.clockTrusted(), readable.priority(), protection.seal(from, readable.recordId(), readable.type(), json));
        Envelope e = Envelope.of(sealed, from.deviceId(), from.township(), seq);
        return EnvelopeCodec.encode(e.withSignature(protection.sign(e)));
    }

    private Envelope received(byte[] wire) throws Exception {
        return centre.check(EnvelopeCodec.decode(wire));
    }

    private RecordRefused refusal(byte[] wire) throws Exception {
        Envelope decoded = EnvelopeCodec.decode(wire);
        return catchThrowableOfType(RecordRefused.class, () -> centre.check(decoded));
    }

    @Test
    void aSealedSignedRecordOpensAtTheCentreAndNowhereElse() throws Exception {
        NewRecord application = records.application();
        byte[] wire = onTheWire(application, DEVICE, device, 7);

        String onTheWireText = new String(wire, java.nio.charset.StandardCharsets.UTF_8);
        String applicant = application.payload().readableJson().orElseThrow().path("applicant").path("name").asText();
        assertThat(applicant).isNotEmpty();
        assertThat(onTheWireText).doesNotContain(applicant).doesNotContain("\"payload\"").contains("\"sealed\"");

        Envelope opened = received(wire);
        assertThat(opened.payload()).isEqualTo(application.payload());
        assertThat(opened.seq()).isEqualTo(7);
    }

    @Test
    void aSealedPayloadDoesNotOpenWithoutTheCentralKey() throws Exception {
        byte[] wire = onTheWire(records.application(), DEVICE, device, 1);
        Payload.Sealed sealed = (Payload.Sealed) EnvelopeCodec.decode(wire).payload();
        Keys.CentralPrivateKey thief = Keys.CentralPrivateKey.generate();
        // Even told the right key id, another key does not open it.
        Keys.CentralPrivateKey impostor = new Keys.CentralPrivateKey(centralKey.keyId(), thief.privateKey());
        assertThat(catchThrowableOfType(UnreadablePayload.class, () -> PayloadSeal.open(impostor, sealed.sealed(),
                ProtectedFields.sealContext("x", DEVICE.deviceId(), DEVICE.township(), RecordType.APPLICATION))))
                .isNotNull();
    }

    @Test
    void anyAlteredHeaderFieldOrCiphertextIsRefused() throws Exception {
        byte[] wire = onTheWire(records.application(), DEVICE, device, 5);
        for (var change : Map.<String, java.util.function.Consumer<ObjectNode>>of(
                "seq", n -> n.put("seq", 4),
                "township", n -> n.put("township", "110101002"),
                "priority", n -> n.put("priority", "emergency"),
                "created_at", n -> n.put("created_at", "2026-01-01T00:00:00Z"),
                "ciphertext", n -> {
                    byte[] ct = java.util.Base64.getDecoder().decode(n.path("sealed").path("ct").asText());
                    ct[3] ^= 1;
                    ((ObjectNode) n.path("sealed")).put("ct", java.util.Base64.getEncoder().encodeToString(ct));
                }).entrySet()) {
            ObjectNode node = (ObjectNode) Json.parse(wire, "envelope");
            change.getValue().accept(node);
            RecordRefused refused = refusal(Json.write(node));
            assertThat(refused).as(change.getKey()).isNotNull();
            assertThat(refused.reason()).as(change.getKey()).isEqualTo(RecordRefused.Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void aRecordSignedByAnotherDeviceKeyIsRefusedAsForged() throws Exception {
        DeviceProtection forger = new DeviceProtection(centralKey.publicKey(), Keys.DeviceSigningKey.generate());
        assertThat(refusal(onTheWire(records.application(), DEVICE, forger, 1)).reason())
                .isEqualTo(RecordRefused.Reason.BAD_SIGNATURE);
        // Another enrolled device cannot speak for this one either.
        DeviceProtection neighbour = new DeviceProtection(centralKey.publicKey(), otherKey);
        assertThat(refusal(onTheWire(records.application(), DEVICE, neighbour, 1)).reason())
                .isEqualTo(RecordRefused.Reason.BAD_SIGNATURE);
    }

    @Test
    void aSealedPayloadMovedIntoAnotherRecordDoesNotOpen() throws Exception {
        NewRecord first = records.application();
        NewRecord second = records.application();
        Payload sealedFirst = device.seal(DEVICE, first.recordId(), first.type(),
                first.payload().readableJson().orElseThrow());
        NewRecord transplanted = new NewRecord(second.recordId(), second.type(), second.createdAt(),
                second.clockTrusted(), second.priority(), sealedFirst);
        Envelope e = Envelope.of(transplanted, DEVICE.deviceId(), DEVICE.township(), 2);
        // Signed by the device itself (as a compromised device could), still it does not open.
        byte[] wire = EnvelopeCodec.encode(e.withSignature(device.sign(e)));
        assertThat(refusal(wire).reason()).isEqualTo(RecordRefused.Reason.UNREADABLE);
    }

    @Test
    void unknownDevicesAndReadableRecordsAreRefusedWhereProtectionIsRequired() throws Exception {
        DeviceIdentity stranger = new DeviceIdentity("kiosk-unknown", "110101001");
        assertThat(refusal(onTheWire(records.application(), stranger, device, 1)).reason())
                .isEqualTo(RecordRefused.Reason.NOT_ENROLLED);
        byte[] readable = EnvelopeCodec.encode(Envelope.of(records.application(), DEVICE.deviceId(), DEVICE.township(), 1));
        assertThat(refusal(readable).reason()).isEqualTo(RecordRefused.Reason.NOT_SEALED);
        CentreProtection lenient = new CentreProtection(centralKey, id -> Optional.empty(), true);
        assertThat(lenient.check(EnvelopeCodec.decode(readable)).payload().readableJson()).isPresent();
    }

    @Test
    void keysSurviveTheirPemFilesAndKeepTheirIds() throws Exception {
        Keys.DeviceSigningKey reread = Keys.deviceSigningKey(deviceKey.toPem());
        assertThat(reread.keyId()).isEqualTo(deviceKey.keyId());
        assertThat(Keys.devicePublicKey(deviceKey.publicKey().toPem()).keyId()).isEqualTo(deviceKey.keyId());
        assertThat(Keys.centralPrivateKey(centralKey.toPem()).keyId()).isEqualTo(centralKey.keyId());
        assertThat(catchThrowableOfType(UnusableKey.class, () -> Keys.centralPublicKey(deviceKey.publicKey().toPem())))
                .hasMessageContaining("not an X25519 public key");
        assertThat(catchThrowableOfType(UnusableKey.class, () -> Keys.deviceSigningKey("not a key")))
                .hasMessageContaining("not a private key");
    }
}
