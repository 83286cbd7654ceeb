package org.doudi.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.doudi.protocol.Json;
import org.doudi.protocol.MalformedMessage;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.SealedPayload;
import org.doudi.security.Keys;
import org.doudi.security.PayloadSeal;
import org.doudi.security.ProtectedFields;
import org.doudi.security.UnreadablePayload;

/**
 * The broker account a {@code rotate-credentials} command gives a device. It exists in the clear only
 * in the office's memory and on the device: on the wire it is {@code {"username", "password"}} sealed to
 * the device's sealing key, bound to the command id and the device ({@link ProtectedFields#credentialsContext}).
 */
public record BrokerCredentials(String username, String password) {
    public BrokerCredentials {
        if (username.isBlank() || password.isEmpty()) {
            throw new IllegalArgumentException("broker credentials need a username and a password");
        }
    }

    public SealedPayload seal(Keys.DeviceSealingPublicKey recipient, String commandId, DeviceIdentity device) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("username", username);
        node.put("password", password);
        return PayloadSeal.seal(recipient, Json.write(node), context(commandId, device));
    }

    /** @throws UnreadablePayload sealed to another key, for another command or device, altered, or not credentials */
    public static BrokerCredentials open(Keys.DeviceSealingKey key, SealedPayload sealed, String commandId,
            DeviceIdentity device) throws UnreadablePayload {
        byte[] plaintext = PayloadSeal.open(key, sealed, context(commandId, device));
        try {
            JsonNode node = Json.parse(plaintext, "credentials");
            return new BrokerCredentials(node.path("username").asText(""), node.path("password").asText(""));
        } catch (MalformedMessage | IllegalArgumentException e) {
            throw new UnreadablePayload("the sealed credentials open, but are not a username and a password");
        }
    }

    private static byte[] context(String commandId, DeviceIdentity device) {
        return ProtectedFields.credentialsContext(commandId, device.deviceId(), device.township());
    }

    @Override
    public String toString() {
        return "BrokerCredentials[" + username + ", password hidden]";
    }
}
