package org.doudi.provisioning.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.doudi.command.CommandAction;
import org.doudi.command.CommandCheck;
import org.doudi.command.CommandVerifier;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.SeqRange;
import org.doudi.security.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfficeCommandsTest {
    private static final DeviceIdentity KIOSK = new DeviceIdentity("kiosk-0042", "110101001");
    private static final DeviceIdentity TABLET = new DeviceIdentity("tablet-0007", "110101001");

    @TempDir
    Path dir;

    @Test
    void aDeviceWithTheAuthoritysCommandPublicKeyAcceptsItsCommandsNumberedPerDevice() throws Exception {
        Authority authority = Authority.create(dir.resolve("office"), Optional.empty(), Optional.empty(),
                Clock.systemUTC());
        OfficeCommands commands = OfficeCommands.open(authority, Optional.empty(), Duration.ofHours(1),
                Clock.systemUTC());
        // What a technician copies to the device as security.command-key.
        Keys.CommandPublicKey onDevice = Keys.commandPublicKey(Files.readString(authority.publicKeyFile(KeyRole.COMMAND)));
        CommandVerifier kiosk = new CommandVerifier(KIOSK, Optional.of(onDevice), Instant.EPOCH);

        OfficeCommands.Issued first = commands.issue(KIOSK, new CommandAction.Resend(new SeqRange(1, 4)));
        OfficeCommands.Issued toTablet = commands.issue(TABLET, new CommandAction.Wipe());
        OfficeCommands.Issued second = OfficeCommands.open(Authority.load(authority.dir()), Optional.empty(),
                Duration.ofHours(1), Clock.systemUTC()).issue(KIOSK, new CommandAction.Wipe());

        assertThat(first.command().number()).isEqualTo(1);
        assertThat(toTablet.command().number()).isEqualTo(1);
        assertThat(second.command().number()).as("kept in the authority's directory").isEqualTo(2);
        assertThat(kiosk.check(first.message(), 0, Instant.now())).isInstanceOf(CommandCheck.Accepted.class);
        assertThat(kiosk.check(second.message(), 1, Instant.now())).isInstanceOf(CommandCheck.Accepted.class);
        assertThat(kiosk.check(toTablet.message(), 0, Instant.now())).isInstanceOf(CommandCheck.Refused.class);
        assertThat(Files.readString(authority.dir().resolve(Authority.COMMANDS_FILE)))
                .contains("110101001.kiosk-0042=2", "110101001.tablet-0007=1");
    }
}
