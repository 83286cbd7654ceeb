package org.doudi.provisioning.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.doudi.command.BrokerCredentials;
import org.doudi.command.Command;
import org.doudi.command.CommandAction;
import org.doudi.command.CommandCheck;
import org.doudi.command.CommandVerifier;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.broker.MosquittoPasswordHash;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.SeqRange;
import org.doudi.security.Keys;
import org.doudi.security.UnreadablePayload;
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

    @Test
    void aRotationIsSealedToTheDevicesKeyAndItsPasswordLineHashesThatPassword() throws Exception {
        Authority authority = Authority.create(dir.resolve("office"), Optional.empty(), Optional.empty(),
                Clock.systemUTC());
        OfficeCommands commands = OfficeCommands.open(authority, Optional.empty(), Duration.ofHours(1),
                Clock.systemUTC());
        Keys.DeviceSealingKey deviceKey = Keys.DeviceSealingKey.generate();
        CommandVerifier kiosk = new CommandVerifier(KIOSK, Optional.of(commands.publicKey()), Instant.EPOCH);

        OfficeCommands.Rotation rotation = commands.rotateCredentials(KIOSK, deviceKey.publicKey());

        Command command = ((CommandCheck.Accepted) kiosk.check(rotation.issued().message(), 0, Instant.now()))
                .command().command();
        CommandAction.RotateCredentials action = (CommandAction.RotateCredentials) command.action();
        BrokerCredentials opened = BrokerCredentials.open(deviceKey, action.credentials(), command.commandId(), KIOSK);
        assertThat(opened.username()).isEqualTo(KIOSK.deviceId());
        assertThat(opened.password()).hasSizeGreaterThanOrEqualTo(24);
        assertThat(new String(rotation.issued().message(), StandardCharsets.UTF_8)).doesNotContain(opened.password());
        String[] line = rotation.passwordLine().split(":", 2);
        assertThat(line[0]).isEqualTo(KIOSK.deviceId());
        String[] hash = line[1].split("\\$");
        assertThat(MosquittoPasswordHash.of(opened.password(), Base64.getDecoder().decode(hash[3]),
                Integer.parseInt(hash[2]))).isEqualTo(line[1]);
        assertThatThrownBy(() -> BrokerCredentials.open(Keys.DeviceSealingKey.generate(), action.credentials(),
                command.commandId(), KIOSK)).isInstanceOf(UnreadablePayload.class);
        assertThatThrownBy(() -> BrokerCredentials.open(deviceKey, action.credentials(), command.commandId(), TABLET))
                .isInstanceOf(UnreadablePayload.class);
    }
}
