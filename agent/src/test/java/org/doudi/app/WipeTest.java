package org.doudi.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.doudi.cli.DoudiCommand;
import org.doudi.cli.ExitCodes;
import org.doudi.config.AgentConfig;
import org.doudi.config.Settings;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.doudi.security.Keys;
import org.doudi.testsupport.TestOutboxes;
import org.doudi.testsupport.TestRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WipeTest {
    @TempDir
    Path dir;

    private Path data;
    private Path config;
    private Path deviceKey;
    private Path sealingKey;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void anEnrolledDeviceWithRecords() throws Exception {
        data = dir.resolve("data");
        try (SqliteOutbox outbox = TestOutboxes.open(data)) {
            outbox.append(new TestRecords(5).applications(3));
        }
        Files.createDirectories(data.resolve("logs"));
        Files.writeString(data.resolve("logs/doudi.log"), "a log line\n");
        deviceKey = dir.resolve("device.private.pem");
        Files.writeString(deviceKey, Keys.DeviceSigningKey.generate().toPem());
        sealingKey = dir.resolve("device-sealing.key");
        Files.writeString(sealingKey, Keys.DeviceSealingKey.generate().toPem());
        Path centralKey = dir.resolve("central.public.pem");
        Files.writeString(centralKey, Keys.CentralPrivateKey.generate().publicKey().toPem());
        config = dir.resolve("doudi.conf");
        Files.writeString(config, String.join("\n", "data.dir = " + data, "device.id = " + TestOutboxes.DEVICE,
                "device.township = " + TestOutboxes.TOWNSHIP, "broker.url = tcp://127.0.0.1:1883",
                "broker.username = kiosk", "broker.password = s3cret", "security.device-key = " + deviceKey,
                "security.device-sealing-key = " + sealingKey,
                "security.central-key = " + centralKey, "drain.rate = 50", ""));
    }

    private int wipe(String... extra) {
        CommandLine cl = DoudiCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(Stream.concat(Stream.of("wipe", "--config", config.toString()), Stream.of(extra))
                .toArray(String[]::new));
    }

    @Test
    void wipeLeavesNoKeyNoDatabaseNoLogsAndAConfigurationThatIsNotEnrolled() throws Exception {
        assertThat(wipe("--yes-destroy-all-data")).isEqualTo(ExitCodes.OK);

        assertThat(deviceKey).doesNotExist();
        assertThat(sealingKey).doesNotExist();
        try (Stream<Path> left = Files.walk(data)) {
            assertThat(left.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactly("agent.lock");
        }
        assertThat(out.toString()).contains("destroyed device.private.pem", "destroyed outbox.db", "destroyed doudi.log")
                .doesNotContain(dir.toString());
        AgentConfig after = AgentConfig.resolve(Map.of(), Map.of(), Optional.of(config));
        assertThat(after.optionalText(Settings.SECURITY_DEVICE_KEY)).isEmpty();
        assertThat(after.optionalText(Settings.SECURITY_DEVICE_SEALING_KEY)).isEmpty();
        assertThat(after.optionalText(Settings.DEVICE_ID)).isEmpty();
        assertThat(after.optionalText(Settings.BROKER_PASSWORD)).isEmpty();
        assertThat(after.text(Settings.DRAIN_RATE)).isEqualTo("50");
        assertThat(Files.readString(config)).contains("Not enrolled").doesNotContain("s3cret");
    }

    @Test
    void wipeRefusesWhileTheAgentRunsAndWithoutConfirmation() throws Exception {
        assertThat(wipe()).isEqualTo(ExitCodes.USAGE);
        try (DataDirLock running = DataDirLock.acquire(data)) {
            assertThat(wipe("--yes-destroy-all-data")).isEqualTo(ExitCodes.FAILURE);
        }
        assertThat(err.toString()).contains("--yes-destroy-all-data", "already running");
        assertThat(deviceKey).exists();
        assertThat(data.resolve("outbox.db")).exists();
    }
}
