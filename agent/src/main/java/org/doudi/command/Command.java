package org.doudi.command;

import java.time.Instant;
import java.util.Objects;
import org.doudi.record.DeviceIdentity;

/**
 * One command from the office to one device (docs/protocol.md, "Commands").
 *
 * @param number strictly increasing per device: a device runs a command only if its number is above the
 *     highest it accepted, so a recorded command can never be played back
 */
public record Command(String commandId, DeviceIdentity target, Instant issuedAt, Instant expiresAt, long number,
        CommandAction action) {
    public static final int VERSION = 1;

    public Command {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a command expires after it is issued");
        }
        if (number < 1) {
            throw new IllegalArgumentException("command numbers start at 1");
        }
    }
}
