package org.doudi.command;

import java.util.Optional;

/** A message on the command topic that is not a command this agent can run: malformed or unsupported. */
public final class UnreadableCommand extends Exception {
    private final CommandRefusal reason;
    private final Optional<String> commandId;

    UnreadableCommand(CommandRefusal reason, Optional<String> commandId, String what) {
        super(what);
        this.reason = reason;
        this.commandId = commandId;
    }

    public CommandRefusal reason() {
        return reason;
    }

    public Optional<String> commandId() {
        return commandId;
    }
}
