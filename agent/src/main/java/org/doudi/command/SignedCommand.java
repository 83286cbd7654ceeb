package org.doudi.command;

import org.doudi.record.DeviceSignature;
import org.doudi.security.EnvelopeSignatures;
import org.doudi.security.Keys;
import org.doudi.security.ProtectedFields;

/** A command with the office's Ed25519 signature over {@link ProtectedFields#commandBytes}. */
public record SignedCommand(Command command, DeviceSignature signature) {

    public static SignedCommand sign(Command command, Keys.CommandSigningKey key) {
        return new SignedCommand(command, EnvelopeSignatures.sign(key, ProtectedFields.commandBytes(command, key.keyId())));
    }

    boolean verifiesWith(Keys.CommandPublicKey key) {
        return EnvelopeSignatures.verifies(key, ProtectedFields.commandBytes(command, signature.keyId()), signature);
    }
}
