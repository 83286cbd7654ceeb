package org.doudi.provisioning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.doudi.central.TestEnvelopes;
import org.doudi.cli.ExitCodes;
import org.doudi.command.CommandAction;
import org.doudi.command.CommandCheck;
import org.doudi.command.CommandVerifier;
import org.doudi.protocol.Topics;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.cli.ProvisionCommandTest.Run;
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
    void badArgumentsAndRotationAreRefusedBeforeAnyCommandIsNumbered() throws Exception {
        Path office = dir.resolve("office");
        Authority.create(office, Optional.empty(), Optional.empty(), Clock.systemUTC());

        assertThat(send(office, "resend", "9").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(send(office, "config", "drain.rate").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(send(office, "reboot").code()).isEqualTo(ExitCodes.USAGE);
        Run rotate = send(office, "rotate-credentials");
        assertThat(rotate.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(rotate.err()).contains("re-enrol");
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
}
