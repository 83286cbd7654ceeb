package org.doudi.provisioning.cli;

/** Carries a {@link CommandError} to the handler in {@link ProvisionCommand} that reports it. */
final class CommandException extends Exception {
    private final CommandError error;

    CommandException(CommandError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    CommandError error() {
        return error;
    }
}
