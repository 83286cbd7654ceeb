package org.doudi.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.doudi.record.Envelope;
import org.doudi.record.RecordType;
import org.doudi.security.DeviceProtection;
import org.doudi.security.Keys;
import org.doudi.testsupport.TestRecords;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
    private final TestRecords records = new TestRecords(5);

    private byte[] readable() {
        return EnvelopeCodec.encode(Envelope.of(records.application(), "kiosk-codec-01", "110101001", 3));
    }

    private byte[] sealedAndSigned() {
        DeviceProtection device = new DeviceProtection(Keys.CentralPrivateKey.generate().publicKey(),
                Keys.DeviceSigningKey.generate());
        var r = records.application();
        var sealed = new org.doudi.record.NewRecord(r.recordId(), r.type(), r.createdAt(), r.clockTrusted(), r.priority(),
                device.seal(new org.doudi.record.DeviceIdentity("kiosk-codec-01", "110101001"), r.recordId(),
                        RecordType.APPLICATION, r.payload().readableJson().orElseThrow()));
        Envelope e = Envelope.of(sealed, "kiosk-codec-01", "110101001", 3);
        return EnvelopeCodec.encode(e.withSignature(device.sign(e)));
    }

    private static byte[] changed(byte[] envelope, Consumer<ObjectNode> change) throws Exception {
        ObjectNode node = (ObjectNode) Json.parse(envelope, "test");
        change.accept(node);
        return Json.write(node);
    }

    private static String refusal(byte[] envelope) {
        return catchThrowableOfType(MalformedMessage.class, () -> EnvelopeCodec.decode(envelope)).getMessage();
    }

    @Test
    void readableAndSealedEnvelopesSurviveTheRoundTrip() throws Exception {
        byte[] readable = readable();
        assertThat(EnvelopeCodec.encode(EnvelopeCodec.decode(readable))).isEqualTo(readable);
        byte[] sealed = sealedAndSigned();
        Envelope decoded = EnvelopeCodec.decode(sealed);
        assertThat(decoded.signature()).isPresent();
        assertThat(EnvelopeCodec.encode(decoded)).isEqualTo(sealed);
    }

    /** Regression: a record id with a NUL in it made every PostgreSQL batch holding it fail, resend after resend. */
    @Test
    void aRecordIdThatIsNotAUuidV7IsRefusedBeforeAnythingStoresIt() throws Exception {
        assertThat(refusal(changed(readable(), n -> n.put("record_id", "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b\u0000"))))
                .contains("record_id");
        assertThat(refusal(changed(readable(), n -> n.put("record_id", "not-a-uuid")))).contains("record_id");
        assertThat(refusal(changed(readable(), n -> n.put("record_id", "0190A1B2-C3D4-7E5F-8A6B-7C8D9E0F1A2B"))))
                .contains("record_id");
    }

    @Test
    void anEnvelopeCarriesExactlyOneOfPayloadAndSealed() throws Exception {
        byte[] sealed = sealedAndSigned();
        assertThat(refusal(changed(sealed, n -> n.putObject("payload")))).contains("exactly one");
        assertThat(refusal(changed(sealed, n -> n.remove("sealed")))).contains("exactly one");
    }

    @Test
    void sealedFieldsAreCheckedForFormNotJustPresence() throws Exception {
        byte[] sealed = sealedAndSigned();
        assertThat(refusal(changed(sealed, n -> ((ObjectNode) n.get("sealed")).put("suite", "rot13"))))
                .contains("suite");
        assertThat(refusal(changed(sealed, n -> ((ObjectNode) n.get("sealed")).put("ct", "***")))).contains("base64");
        assertThat(refusal(changed(sealed, n -> ((ObjectNode) n.get("sig")).put("kid", "no spaces allowed"))))
                .contains("key id");
        assertThat(refusal(changed(sealed, n -> n.put("sig", "yes")))).contains("sig");
    }
}
