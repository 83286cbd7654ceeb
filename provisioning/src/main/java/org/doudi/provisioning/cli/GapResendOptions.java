package org.doudi.provisioning.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.doudi.central.GapResends;
import org.doudi.command.CommandAction;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.command.OfficeCommands;
import org.tinylog.Logger;
import picocli.CommandLine.Option;

/**
 * The inbox's resend requests: with the office's authority directory, a seq gap that persists is asked for
 * with a signed {@code resend} command. Kept apart from the inbox's other options, which grow separately.
 */
final class GapResendOptions {
    /** Requests per round (one round a second) across the fleet. */
    private static final int PER_ROUND = 16;
    private static final Duration MAX_DELAY = Duration.ofHours(1);

    @Option(names = "--resend-gaps-after", defaultValue = "60", paramLabel = "SECONDS",
            description = "Age at which a gap is asked for (default ${DEFAULT-VALUE}); then again with a doubling "
                    + "delay up to an hour.")
    int afterSeconds;

    /**
     * The resend schedule when the inbox was given the office's authority directory (its {@code --authority});
     * the command key is opened now, so a wrong passphrase stops the start.
     */
    Optional<GapResends> load(Path authority, Path passphraseFile) throws AuthorityException, CommandException {
        if (authority == null) {
            return Optional.empty();
        }
        OfficeCommands commands = OfficeCommands.open(Authority.load(authority),
                AuthorityOptions.readPassphrase(passphraseFile), OfficeCommands.DEFAULT_VALIDITY, Clock.systemUTC());
        return Optional.of(new GapResends((device, gap) -> {
            try {
                return Optional.of(commands.issue(device, new CommandAction.Resend(gap)).message());
            } catch (AuthorityException e) {
                Logger.error("No resend command for device {}: {}", device.deviceId(), e.error().message());
                return Optional.empty();
            }
        }, Duration.ofSeconds(Math.max(1, afterSeconds)), MAX_DELAY, PER_ROUND));
    }
}
