package org.doudi.command;

import java.util.Optional;

/** The verdict on one message of the command topic. */
public sealed interface CommandCheck {
    /** Genuine, meant for this device, in time and new: run it. */
    record Accepted(SignedCommand command) implements CommandCheck {
    }

    /**
     * The command the device last accepted, delivered again: the retained message on every reconnect.
     * Not a replay attempt, so not reported.
     */
    record AlreadyRun(String commandId) implements CommandCheck {
    }

    /** @param commandId as the message claims it, when it could be read (for the report, never trusted) */
    record Refused(CommandRefusal reason, Optional<String> commandId, String detail) implements CommandCheck {
    }
}
