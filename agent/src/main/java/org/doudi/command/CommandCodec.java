package org.doudi.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.doudi.credential.KeyId;
import org.doudi.protocol.Json;
import org.doudi.protocol.MalformedMessage;
import org.doudi.record.CryptoSuite;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.DeviceSignature;
import org.doudi.record.SealedPayload;
import org.doudi.record.SeqRange;

/** The JSON form of a signed command on {@code doudi/v1/<township>/<device>/cmd} (docs/protocol.md). */
public final class CommandCodec {
    private CommandCodec() {
    }

    public static byte[] encode(SignedCommand signed) {
        Command c = signed.command();
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("v", Command.VERSION);
        node.put("command_id", c.commandId());
        node.put("device_id", c.target().deviceId());
        node.put("township", c.target().township());
        node.put("issued_at", c.issuedAt().toString());
        node.put("expires_at", c.expiresAt().toString());
        node.put("number", c.number());
        node.put("type", c.action().wireName());
        ObjectNode args = node.putObject("args");
        switch (c.action()) {
            case CommandAction.Resend r -> {
                args.put("first", r.range().first());
                args.put("last", r.range().last());
            }
            case CommandAction.ConfigUpdate u -> u.values().forEach(args::put);
            case CommandAction.RotateCredentials(SealedPayload sealed) -> args
                    .put("suite", sealed.suite().wireName())
                    .put("kid", sealed.recipient().value())
                    .put("enc", Base64.getEncoder().encodeToString(sealed.encapsulatedKey()))
                    .put("ct", Base64.getEncoder().encodeToString(sealed.ciphertext()));
            case CommandAction.Wipe w -> {
            }
        }
        ObjectNode sig = node.putObject("sig");
        sig.put("kid", signed.signature().keyId().value());
        sig.put("value", Base64.getEncoder().encodeToString(signed.signature().value()));
        return Json.write(node);
    }

    public static SignedCommand decode(byte[] message) throws UnreadableCommand {
        JsonNode node;
        try {
            node = Json.parse(message, "command");
        } catch (MalformedMessage e) {
            throw new UnreadableCommand(CommandRefusal.MALFORMED, Optional.empty(), e.getMessage());
        }
        Optional<String> id = Optional.ofNullable(node.get("command_id")).filter(JsonNode::isTextual)
                .map(JsonNode::asText).filter(s -> s.matches("[0-9a-f-]{1,64}"));
        try {
            if (node.path("v").asInt(-1) != Command.VERSION) {
                throw new UnreadableCommand(CommandRefusal.UNSUPPORTED, id, "command format version "
                        + node.path("v").asText("missing") + "; this agent reads version " + Command.VERSION);
            }
            if (id.isEmpty()) {
                throw malformed(id, "command_id is missing or not a UUID");
            }
            DeviceIdentity target = new DeviceIdentity(text(node, "device_id", id), text(node, "township", id));
            CommandAction action = action(text(node, "type", id), node.path("args"), id);
            Command command = new Command(id.get(), target, Instant.parse(text(node, "issued_at", id)),
                    Instant.parse(text(node, "expires_at", id)), node.path("number").asLong(0), action);
            JsonNode sig = node.path("sig");
            DeviceSignature signature = new DeviceSignature(new KeyId(text(sig, "kid", id)),
                    Base64.getDecoder().decode(text(sig, "value", id)));
            return new SignedCommand(command, signature);
        } catch (RuntimeException e) {
            // Instant, KeyId, Base64, DeviceIdentity and Command reject bad values by throwing; the class names which.
            throw malformed(id, "a field has an invalid value (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static CommandAction action(String type, JsonNode args, Optional<String> id) throws UnreadableCommand {
        return switch (type) {
            case CommandAction.Resend.TYPE -> {
                if (!args.path("first").canConvertToExactIntegral() || !args.path("last").canConvertToExactIntegral()) {
                    throw malformed(id, "resend needs whole numbers args.first and args.last");
                }
                yield new CommandAction.Resend(new SeqRange(args.get("first").asLong(), args.get("last").asLong()));
            }
            case CommandAction.ConfigUpdate.TYPE -> {
                Map<String, String> values = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw malformed(id, "config values are strings");
                    }
                    values.put(e.getKey(), e.getValue().asText());
                }
                if (values.isEmpty()) {
                    throw malformed(id, "config sets no key");
                }
                yield CommandAction.ConfigUpdate.of(values);
            }
            case CommandAction.RotateCredentials.TYPE -> {
                // As an envelope's sealed payload; a bad kid or base64 throws, which decode reports as malformed.
                CryptoSuite suite = CryptoSuite.fromWireName(text(args, "suite", id))
                        .orElseThrow(() -> new UnreadableCommand(CommandRefusal.UNSUPPORTED, id,
                                "the credentials are sealed with a suite this agent does not know"));
                yield new CommandAction.RotateCredentials(new SealedPayload(suite, new KeyId(text(args, "kid", id)),
                        Base64.getDecoder().decode(text(args, "enc", id)), Base64.getDecoder().decode(text(args, "ct", id))));
            }
            case CommandAction.Wipe.TYPE -> new CommandAction.Wipe();
            default -> throw new UnreadableCommand(CommandRefusal.UNSUPPORTED, id, "unknown command type");
        };
    }

    private static String text(JsonNode node, String field, Optional<String> id) throws UnreadableCommand {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(id, field + " is missing or not a string");
        }
        return value.asText();
    }

    private static UnreadableCommand malformed(Optional<String> id, String what) {
        return new UnreadableCommand(CommandRefusal.MALFORMED, id, what);
    }
}
