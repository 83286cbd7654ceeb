package org.doudi.provisioning.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.doudi.command.BrokerCredentials;
import org.doudi.command.Command;
import org.doudi.command.CommandAction;
import org.doudi.command.CommandCodec;
import org.doudi.command.SignedCommand;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityError;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.broker.BrokerPasswords;
import org.doudi.provisioning.broker.MosquittoPasswordHash;
import org.doudi.provisioning.keys.Passphrase;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.RecordIds;
import org.doudi.security.Keys;
import org.doudi.security.UnusableKey;

/**
 * The office's side of commands: each gets a fresh id, the device's next command number from the
 * authority, an expiry, and the signature of the authority's command key. The key is decrypted once,
 * when this is made, and held in memory only.
 */
public final class OfficeCommands {
    /** Long enough for a device that is offline for a working day to still run what it finds retained. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofHours(24);

    private final Authority authority;
    private final Keys.CommandSigningKey key;
    private final Duration validity;
    private final Clock clock;

    private OfficeCommands(Authority authority, Keys.CommandSigningKey key, Duration validity, Clock clock) {
        this.authority = authority;
        this.key = key;
        this.validity = validity;
        this.clock = clock;
    }

    public static OfficeCommands open(Authority authority, Optional<Passphrase> passphrase, Duration validity,
            Clock clock) throws AuthorityException {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(
                    authority.signingKey(KeyRole.COMMAND, passphrase).privateKey().getEncoded());
            return new OfficeCommands(authority, Keys.commandSigningKey(info), validity, clock);
        } catch (UnusableKey e) {
            throw new AuthorityException(new AuthorityError.Damaged(authority.privateKeyFile(KeyRole.COMMAND),
                    "the Ed25519 command key"));
        }
    }

    /** The office's command public key, as devices need it for {@code security.command-key}. */
    public Keys.CommandPublicKey publicKey() {
        return key.publicKey();
    }

    /** A signed command for the device's {@code cmd} topic, numbered above every earlier one to it. */
    public Issued issue(DeviceIdentity device, CommandAction action) throws AuthorityException {
        return issue(device, RecordIds.next(), action);
    }

    /**
     * A {@code rotate-credentials} command: a new random password for the device's broker account (its
     * username is its device id, as {@code device add} made it), sealed to the device's pinned sealing key
     * and bound to this command. The password leaves only sealed, and hashed in the new password line.
     */
    public Rotation rotateCredentials(DeviceIdentity device, Keys.DeviceSealingPublicKey sealingKey)
            throws AuthorityException {
        BrokerCredentials credentials = new BrokerCredentials(device.deviceId(), BrokerPasswords.generate());
        String commandId = RecordIds.next();
        Issued issued = issue(device, commandId,
                new CommandAction.RotateCredentials(credentials.seal(sealingKey, commandId, device)));
        return new Rotation(issued, credentials.username() + ":" + MosquittoPasswordHash.of(credentials.password()));
    }

    private Issued issue(DeviceIdentity device, String commandId, CommandAction action) throws AuthorityException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Command command = new Command(commandId, device, now, now.plus(validity), authority.takeCommandNumber(device),
                action);
        return new Issued(command, CommandCodec.encode(SignedCommand.sign(command, key)));
    }

    /** A command and its message, ready to publish. */
    public record Issued(Command command, byte[] message) {
    }

    /** A rotation and the device's new line for the broker's password file, to install once the device reported it. */
    public record Rotation(Issued issued, String passwordLine) {
    }
}
