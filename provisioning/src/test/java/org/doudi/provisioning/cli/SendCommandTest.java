package org.doudi.provisioning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.doudi.central.TestEnvelopes;
import org.doudi.cli.ExitCodes;
import org.doudi.command.BrokerCredentials;
import org.doudi.command.Command;
import org.doudi.command.CommandAction;
import org.doudi.command.CommandCheck;
import org.doudi.command.CommandVerifier;
import org.doudi.enrolment.DeviceRole;
import org.doudi.enrolment.EnrolmentBundle;
import org.doudi.protocol.Topics;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.broker.MosquittoPasswordHash;
import org.doudi.provisioning.cli.ProvisionCommandTest.Run;
import org.doudi.provisioning.enrolment.DeviceRecords;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.SeqRange;
import org.doudi.security.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provision command}: what it refuses before touching the broker, and a retained command a device accepts. */
class SendCommandTest {
    private final DeviceIdentity device = TestEnvelopes.uniqueDevice("cli-cmd");

    @TempDir
    Path dir;

    private Run send(Path authority, String... typeAndArgs) {
        List<String> args = new java.util.ArrayList<>(List.of("command", "--authority", authority.toString(),
                "--broker", SharedMosquitto.URL, "--device", device.deviceId(), "--township", device.township()));
        args.addAll(List.of(typeAndArgs));
        return ProvisionCommandTest.provision(args.toArray(String[]::new));
    }

    @Test
    void badArgumentsAndRotationWithoutAPinnedSealingKeyAreRefusedBeforeAnyCommandIsNumbered() throws Exception {
        Path office = dir.resolve("office");
        Authority.create(office, Optional.empty(), Optional.empty(), Clock.systemUTC());

        assertThat(send(office, "resend", "9").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(send(office, "config", "drain.rate").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(send(office, "reboot").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(send(office, "rotate-credentials", "now").code()).isEqualTo(ExitCodes.USAGE);
        Run rotate = send(office, "rotate-credentials");
        assertThat(rotate.code()).isEqualTo(ExitCodes.REJECTED_INPUT);
        assertThat(rotate.err()).contains("no pinned sealing key", DeviceRecords.SEALING_KEY_FILE, "re-enrol");
        assertThat(office.resolve(Authority.COMMANDS_FILE)).doesNotExist();
    }

    @Test
    void aResendIsRetainedOnTheDevicesCommandTopicAndVerifiesThere() throws Exception {
        try (SharedMosquitto broker = SharedMosquitto.connect("it-cmd")) {
            Path office = dir.resolve("office");
            Authority authority = Authority.create(office, Optional.empty(), Optional.empty(), Clock.systemUTC());
            String topic = new Topics(device).command();
            try {
                Run run = send(office, "resend", "120-135");
                assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
                assertThat(run.out()).contains("resend", "number 1", device.deviceId());

                CompletableFuture<byte[]> retained = new CompletableFuture<>();
                broker.client.subscribe(topic, 1, (t, message) -> retained.complete(message.getPayload()));
                byte[] message = retained.get(10, TimeUnit.SECONDS);
                CommandVerifier verifier = new CommandVerifier(device, Optional.of(
                        Keys.commandPublicKey(Files.readString(authority.publicKeyFile(KeyRole.COMMAND)))), Instant.EPOCH);
                assertThat(verifier.check(message, 0, Instant.now())).isInstanceOfSatisfying(CommandCheck.Accepted.class,
                        a -> assertThat(a.command().command().action())
                                .isEqualTo(new CommandAction.Resend(new SeqRange(120, 135))));
            } finally {
                broker.clearRetained(List.of(topic));
            }
        }
    }

    @Test
    void aRotationIsSealedToThePinnedKeyAndItsNewPasswordLineIsWritten() throws Exception {
        try (SharedMosquitto broker = SharedMosquitto.connect("it-rotate")) {
            Path office = dir.resolve("office");
            Authority authority = Authority.create(office, Optional.empty(), Optional.empty(), Clock.systemUTC());
            DeviceRecords records = new DeviceRecords(authority);
            Instant now = Instant.now();
            records.recordIssued(new EnrolmentBundle("00112233445566778899aabbccddeeff", now,
                    now.plus(Duration.ofHours(72)), device, DeviceRole.KIOSK, List.of(SharedMosquitto.URL),
                    device.deviceId(), "old-password", List.of(), new byte[0], new byte[0], new byte[0], new byte[0],
                    new EnrolmentBundle.KioskSettings(List.of("zh-CN"), Duration.ofMinutes(3), List.of())),
                    device.deviceId() + ":old-hash", "user " + device.deviceId() + "\n");
            Keys.DeviceSigningKey signing = Keys.DeviceSigningKey.generate();
            Keys.DeviceSealingKey sealing = Keys.DeviceSealingKey.generate();
            records.pin(device, signing.publicKey().toPem(), Optional.of(sealing.publicKey().toPem()), signing.keyId(),
                    now);
            String topic = new Topics(device).command();
            try {
                Run run = send(office, "rotate-credentials");
                assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
                assertThat(run.out()).contains("rotate-credentials", "number 1", DeviceRecords.PASSWORD_LINE_FILE,
                        "command.accepted");

                CompletableFuture<byte[]> retained = new CompletableFuture<>();
                broker.client.subscribe(topic, 1, (t, message) -> retained.complete(message.getPayload()));
                byte[] message = retained.get(10, TimeUnit.SECONDS);
                CommandVerifier verifier = new CommandVerifier(device, Optional.of(
                        Keys.commandPublicKey(Files.readString(authority.publicKeyFile(KeyRole.COMMAND)))), Instant.EPOCH);
                Command command = ((CommandCheck.Accepted) verifier.check(message, 0, Instant.now())).command().command();
                BrokerCredentials opened = BrokerCredentials.open(sealing,
                        ((CommandAction.RotateCredentials) command.action()).credentials(), command.commandId(), device);
                String line = Files.readString(records.passwordLine(device)).strip();
                assertThat(line).startsWith(device.deviceId() + ":$7$").doesNotContain("old-hash");
                String[] hash = line.split("\\$");
                assertThat(MosquittoPasswordHash.of(opened.password(), Base64.getDecoder().decode(hash[3]),
                        Integer.parseInt(hash[2]))).isEqualTo(line.substring(line.indexOf(':') + 1));
                assertThat(run.out() + run.err()).doesNotContain(opened.password());
            } finally {
                broker.clearRetained(List.of(topic));
            }
        }
    }
}
