package org.doudi.security;

import com.authlete.cbor.CBORBoolean;
import com.authlete.cbor.CBORByteArray;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORLong;
import com.authlete.cbor.CBORString;
import java.util.ArrayList;
import java.util.List;
import org.doudi.command.Command;
import org.doudi.command.CommandAction;
import org.doudi.credential.KeyId;
import org.doudi.record.Envelope;
import org.doudi.record.Payload;
import org.doudi.record.RecordType;
import org.doudi.record.SealedPayload;

/**
 * The exact bytes that are sealed against and signed. JSON has no single byte form, so both are a CBOR
 * array of the fields in a fixed order (definite lengths, shortest integers — one encoding per value),
 * built again by the receiver from the fields it parsed. A label first keeps one structure from ever
 * being taken for the other.
 */
public final class ProtectedFields {
    private static final String SEAL_LABEL = "doudi/seal/1";
    private static final String SIGNATURE_LABEL = "doudi/signature/1";
    private static final String COMMAND_LABEL = "doudi/command/1";
    private static final String CREDENTIALS_LABEL = "doudi/credentials/1";

    private ProtectedFields() {
    }

    /** Binds a sealed payload to its record: moved into another envelope, it does not open. */
    public static byte[] sealContext(String recordId, String deviceId, String township, RecordType type) {
        return new CBORItemList(List.of(new CBORString(SEAL_LABEL), new CBORString(recordId),
                new CBORString(deviceId), new CBORString(township), new CBORString(type.wireName()),
                new CBORString(type.schemaId()))).encode();
    }

    /**
     * Binds sealed broker credentials to their {@code rotate-credentials} command: copied into another
     * command, or to another device, they do not open.
     */
    public static byte[] credentialsContext(String commandId, String deviceId, String township) {
        return new CBORItemList(List.of(new CBORString(CREDENTIALS_LABEL), new CBORString(commandId),
                new CBORString(deviceId), new CBORString(township))).encode();
    }

    /** Everything the device vouches for: every header field, seq included, and the sealed payload. */
    public static byte[] signedBytes(Envelope e, KeyId signer) {
        if (!(e.payload() instanceof Payload.Sealed(SealedPayload sealed))) {
            throw new IllegalArgumentException("only envelopes with a sealed payload are signed");
        }
        List<CBORItem> fields = List.of(new CBORString(SIGNATURE_LABEL), new CBORString(e.recordId()),
                new CBORString(e.deviceId()), new CBORString(e.township()), new CBORLong(e.seq()),
                new CBORString(e.type().wireName()), new CBORString(e.type().schemaId()),
                new CBORString(e.createdAt().toString()), e.clockTrusted() ? CBORBoolean.TRUE : CBORBoolean.FALSE,
                new CBORString(e.priority().wireName()), new CBORString(sealed.suite().wireName()),
                new CBORString(sealed.recipient().value()), new CBORByteArray(sealed.encapsulatedKey()),
                new CBORByteArray(sealed.ciphertext()), new CBORString(signer.value()));
        return new CBORItemList(fields).encode();
    }

    /**
     * What the office vouches for in a command: every field, the device and the number included, so a
     * command cannot be redirected, replayed under a new number or changed. Arguments follow the type as
     * a flat array ({@code resend}: first, last; {@code config}: key, value, … sorted by key;
     * {@code rotate-credentials}: suite, kid, enc, ct of the sealed credentials).
     */
    public static byte[] commandBytes(Command c, KeyId signer) {
        List<CBORItem> args = new ArrayList<>();
        switch (c.action()) {
            case CommandAction.Resend r -> {
                args.add(new CBORLong(r.range().first()));
                args.add(new CBORLong(r.range().last()));
            }
            case CommandAction.ConfigUpdate u -> u.values().forEach((key, value) -> {
                args.add(new CBORString(key));
                args.add(new CBORString(value));
            });
            case CommandAction.RotateCredentials(SealedPayload sealed) -> {
                args.add(new CBORString(sealed.suite().wireName()));
                args.add(new CBORString(sealed.recipient().value()));
                args.add(new CBORByteArray(sealed.encapsulatedKey()));
                args.add(new CBORByteArray(sealed.ciphertext()));
            }
            case CommandAction.Wipe w -> {
            }
        }
        List<CBORItem> fields = List.of(new CBORString(COMMAND_LABEL), new CBORLong((long) Command.VERSION),
                new CBORString(c.commandId()), new CBORString(c.target().deviceId()),
                new CBORString(c.target().township()), new CBORString(c.issuedAt().toString()),
                new CBORString(c.expiresAt().toString()), new CBORLong(c.number()),
                new CBORString(c.action().wireName()), new CBORItemList(args), new CBORString(signer.value()));
        return new CBORItemList(fields).encode();
    }
}
