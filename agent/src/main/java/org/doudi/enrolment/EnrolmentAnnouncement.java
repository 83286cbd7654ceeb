package org.doudi.enrolment;

import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.doudi.credential.KeyId;
import org.doudi.protocol.Json;
import org.doudi.protocol.MalformedMessage;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.DeviceSignature;
import org.doudi.security.EnvelopeSignatures;
import org.doudi.security.Keys;
import org.doudi.security.UnusableKey;

/**
 * How the centre learns an enrolled device's public key: the device publishes it, retained, on its
 * {@code enrol} topic at every connection, with the bundle's single-use enrolment id and a signature by
 * the key itself (proof that the device holds the private half). The centre pins the first key presented
 * with an unused enrolment id and refuses any other (docs/protocol.md, "Enrolment"). Devices enrolled by this
 * version also announce their sealing key, under the same signature; announcements of older devices
 * carry none and still verify.
 */
public record EnrolmentAnnouncement(String enrolmentId, DeviceIdentity device, String publicKeyPem,
        Optional<String> sealingKeyPem, Instant at, DeviceSignature signature) {
    private static final String LABEL = "doudi/enrol/1";
    /** A distinct label for the form with a sealing key, so the two signed structures can never be confused. */
    private static final String LABEL_WITH_SEALING_KEY = "doudi/enrol/2";

    public static EnrolmentAnnouncement sign(String enrolmentId, DeviceIdentity device, Keys.DeviceSigningKey key,
            Optional<Keys.DeviceSealingPublicKey> sealingKey, Instant at) {
        String pem = key.publicKey().toPem();
        Optional<String> sealingPem = sealingKey.map(Keys.DeviceSealingPublicKey::toPem);
        return new EnrolmentAnnouncement(enrolmentId, device, pem, sealingPem, at,
                EnvelopeSignatures.sign(key, signedBytes(enrolmentId, device, pem, sealingPem, at, key.keyId())));
    }

    /** The announced key, if the signature over the announcement verifies with it. */
    public Keys.DevicePublicKey verifiedKey() throws MalformedMessage {
        Keys.DevicePublicKey key;
        try {
            key = Keys.devicePublicKey(publicKeyPem);
        } catch (UnusableKey e) {
            throw new MalformedMessage("enrolment key is not an Ed25519 public key");
        }
        if (!EnvelopeSignatures.verifies(key, signedBytes(enrolmentId, device, publicKeyPem, sealingKeyPem, at,
                signature.keyId()), signature)) {
            throw new MalformedMessage("enrolment signature does not verify with the announced key");
        }
        return key;
    }

    /** The announced sealing key, if there is one; call after {@link #verifiedKey}, whose signature covers it. */
    public Optional<Keys.DeviceSealingPublicKey> sealingKey() throws MalformedMessage {
        if (sealingKeyPem.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Keys.deviceSealingPublicKey(sealingKeyPem.get()));
        } catch (UnusableKey e) {
            throw new MalformedMessage("enrolment sealing key is not an X25519 public key");
        }
    }

    public byte[] encode() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("v", 1);
        node.put("enrolment_id", enrolmentId);
        node.put("device_id", device.deviceId());
        node.put("township", device.township());
        node.put("key", publicKeyPem);
        sealingKeyPem.ifPresent(pem -> node.put("sealing_key", pem));
        node.put("at", at.toString());
        ObjectNode sig = node.putObject("sig");
        sig.put("kid", signature.keyId().value());
        sig.put("value", Base64.getEncoder().encodeToString(signature.value()));
        return Json.write(node);
    }

    public static EnrolmentAnnouncement decode(byte[] bytes) throws MalformedMessage {
        JsonNode node = Json.parse(bytes, "enrolment");
        try {
            return new EnrolmentAnnouncement(node.path("enrolment_id").asText(""),
                    new DeviceIdentity(node.path("device_id").asText(""), node.path("township").asText("")),
                    node.path("key").asText(""),
                    Optional.ofNullable(node.get("sealing_key")).filter(JsonNode::isTextual).map(JsonNode::asText),
                    Instant.parse(node.path("at").asText("")),
                    new DeviceSignature(new KeyId(node.path("sig").path("kid").asText("")),
                            Base64.getDecoder().decode(node.path("sig").path("value").asText(""))));
        } catch (DateTimeParseException e) {
            throw new MalformedMessage("enrolment at is not an ISO-8601 UTC instant");
        } catch (IllegalArgumentException e) {
            throw new MalformedMessage("enrolment fields are not what docs/protocol.md says");
        }
    }

    private static byte[] signedBytes(String enrolmentId, DeviceIdentity device, String pem,
            Optional<String> sealingPem, Instant at, KeyId signer) {
        List<CBORItem> fields = new ArrayList<>(List.of(
                new CBORString(sealingPem.isPresent() ? LABEL_WITH_SEALING_KEY : LABEL), new CBORString(enrolmentId),
                new CBORString(device.deviceId()), new CBORString(device.township()), new CBORString(pem)));
        sealingPem.ifPresent(sealing -> fields.add(new CBORString(sealing)));
        fields.add(new CBORString(at.toString()));
        fields.add(new CBORString(signer.value()));
        return new CBORItemList(fields).encode();
    }
}
