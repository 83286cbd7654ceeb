package org.doudi.command;

import java.time.Instant;
import java.util.Optional;
import org.doudi.record.DeviceIdentity;
import org.doudi.security.Keys;

/**
 * Decides whether this device runs a command. The checks go from cheapest to the one that needs the
 * device's state, and a refused command never moves the device's highest accepted number.
 */
public final class CommandVerifier {
    private final DeviceIdentity self;
    private final Optional<Keys.CommandPublicKey> officeKey;
    private final Instant dataSince;

    /**
     * @param dataSince when this device's data directory began: a command issued earlier was meant for an
     *     earlier enrolment of the same device id (a wipe still retained on the broker) and is refused, as
     *     the command numbers of a fresh data directory start again at 0
     */
    public CommandVerifier(DeviceIdentity self, Optional<Keys.CommandPublicKey> officeKey, Instant dataSince) {
        this.self = self;
        this.officeKey = officeKey;
        this.dataSince = dataSince;
    }

    /** @param highestAccepted the number of the last command this device accepted (0 when none) */
    public CommandCheck check(byte[] message, long highestAccepted, Instant now) {
        SignedCommand signed;
        try {
            signed = CommandCodec.decode(message);
        } catch (UnreadableCommand e) {
            return new CommandCheck.Refused(e.reason(), e.commandId(), e.getMessage());
        }
        Command c = signed.command();
        Optional<String> id = Optional.of(c.commandId());
        if (!c.target().equals(self)) {
            return new CommandCheck.Refused(CommandRefusal.NOT_FOR_THIS_DEVICE, id,
                    CommandRefusal.NOT_FOR_THIS_DEVICE.meaning());
        }
        if (officeKey.isEmpty()) {
            return new CommandCheck.Refused(CommandRefusal.NO_COMMAND_KEY, id, CommandRefusal.NO_COMMAND_KEY.meaning());
        }
        if (!officeKey.get().keyId().equals(signed.signature().keyId())) {
            return new CommandCheck.Refused(CommandRefusal.UNKNOWN_KEY, id, "signed with key "
                    + signed.signature().keyId().value() + ", the device trusts " + officeKey.get().keyId().value());
        }
        if (!signed.verifiesWith(officeKey.get())) {
            return new CommandCheck.Refused(CommandRefusal.BAD_SIGNATURE, id, CommandRefusal.BAD_SIGNATURE.meaning());
        }
        if (c.number() == highestAccepted) {
            return new CommandCheck.AlreadyRun(c.commandId());
        }
        if (c.number() < highestAccepted) {
            return new CommandCheck.Refused(CommandRefusal.REPLAYED, id, "number " + c.number()
                    + " is not above " + highestAccepted + ", the highest this device accepted");
        }
        if (c.issuedAt().isBefore(dataSince)) {
            return new CommandCheck.Refused(CommandRefusal.REPLAYED, id, "issued at " + c.issuedAt()
                    + ", before this device's data began (" + dataSince + "): meant for an earlier enrolment");
        }
        if (!now.isBefore(c.expiresAt())) {
            return new CommandCheck.Refused(CommandRefusal.EXPIRED, id, "expired at " + c.expiresAt());
        }
        return new CommandCheck.Accepted(signed);
    }
}
