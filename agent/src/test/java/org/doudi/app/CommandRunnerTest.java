package org.doudi.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.doudi.command.BrokerCredentials;
import org.doudi.command.Command;
import org.doudi.command.CommandAction;
import org.doudi.command.CommandCodec;
import org.doudi.command.CommandVerifier;
import org.doudi.command.SignedCommand;
import org.doudi.config.AgentConfig;
import org.doudi.config.Settings;
import org.doudi.link.TokenBucket;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.doudi.protocol.Topics;
import org.doudi.record.RecordIds;
import org.doudi.record.SeqRange;
import org.doudi.security.Keys;
import org.doudi.sync.AgentFacts;
import org.doudi.sync.FakeMqttLink;
import org.doudi.sync.OutboxDrainer;
import org.doudi.testsupport.Await;
import org.doudi.testsupport.TestOutboxes;
import org.doudi.testsupport.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {
    @TempDir
    Path dir;

    private final Keys.CommandSigningKey office = Keys.CommandSigningKey.generate();
    private final Keys.DeviceSealingKey sealingKey = Keys.DeviceSealingKey.generate();
    private final FakeMqttLink link = new FakeMqttLink();
    private final List<ObjectNode> reports = new CopyOnWriteArrayList<>();
    private final AtomicBoolean wiped = new AtomicBoolean();
    private SqliteOutbox outbox;
    private OutboxDrainer drainer;
    private Path configFile;
    private CommandVerifier verifier;
    private AgentConfig config;
    private CommandRunner runner;

    @BeforeEach
    void start() throws Exception {
        outbox = TestOutboxes.open(dir.resolve("data"));
        link.autoAck = true;
        drainer = new OutboxDrainer(outbox, link, new Topics(outbox.identity()),
                new OutboxDrainer.Settings(8, Duration.ofHours(1), Duration.ofDays(7), Duration.ofMillis(10),
                        Duration.ofMillis(10), Duration.ofHours(1)),
                new TokenBucket(0, 1, System::nanoTime), Clock.systemUTC());
        drainer.start();
        drainer.linkUp();
        configFile = dir.resolve("doudi.conf");
        Files.writeString(configFile, "drain.rate = 500\nbroker.password = s3cret\n");
        config = AgentConfig.resolve(Map.of(), Map.of(), Optional.of(configFile));
        verifier = new CommandVerifier(outbox.identity(), Optional.of(office.publicKey()), Instant.EPOCH);
        runner = runner(Optional.of(sealingKey));
    }

    private CommandRunner runner(Optional<Keys.DeviceSealingKey> key) {
        return new CommandRunner(verifier, key, outbox, config, new CommandRunner.Effects() {
            @Override
            public void report(ObjectNode eventPayload) {
                reports.add(eventPayload);
            }

            @Override
            public void recordsRequeued() {
                drainer.recordsAppended();
            }

            @Override
            public void stopAndWipe() {
                wiped.set(true);
            }
        }, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        runner.close();
        drainer.close();
        link.close();
        outbox.close();
    }

    private byte[] command(long number, CommandAction action) {
        return command(RecordIds.next(), number, action);
    }

    private byte[] command(String commandId, long number, CommandAction action) {
        Instant now = Instant.now();
        return CommandCodec.encode(SignedCommand.sign(new Command(commandId, outbox.identity(), now,
                now.plus(Duration.ofHours(1)), number, action), office));
    }

    /** A rotation as the office sends it: the credentials sealed to {@code to}, bound to the command. */
    private byte[] rotation(long number, Keys.DeviceSealingPublicKey to, BrokerCredentials credentials) {
        String commandId = RecordIds.next();
        return command(commandId, number,
                new CommandAction.RotateCredentials(credentials.seal(to, commandId, outbox.identity())));
    }

    @Test
    void resendPutsTheRangeBackAndTheDrainerPublishesItAgain() throws Exception {
        outbox.append(new TestRecords(3).applications(5));
        drainer.recordsAppended();
        Await.until("5 published", () -> outbox.counts().count(OutboxState.PUBLISHED) == 5);
        outbox.acknowledge(List.of(new SeqRange(1, 5)));

        runner.handle(command(1, new CommandAction.Resend(new SeqRange(2, 4))));

        Await.until("2..4 republished", () -> link.publishedSeqs().size() == 8);
        assertThat(link.publishedSeqs()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 2L, 3L, 4L);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.path("name").asText()).isEqualTo("command.accepted");
            assertThat(r.path("details").path("requeued").asLong()).isEqualTo(3);
            assertThat(r.path("details").path("gone").asLong()).isZero();
        });
    }

    @Test
    void theRetainedCopyIsIgnoredAndAReplayIsRefusedAndReportedOnce() {
        byte[] first = command(1, new CommandAction.Resend(new SeqRange(1, 1)));
        byte[] second = command(2, new CommandAction.Resend(new SeqRange(1, 1)));
        runner.handle(first);
        runner.handle(second);
        runner.handle(second);
        runner.handle(first);
        runner.handle(first);

        assertThat(reports).extracting(r -> r.path("name").asText() + " " + r.path("details").path("reason").asText())
                .containsExactly("command.accepted ", "command.accepted ", "command.refused replayed");
    }

    @Test
    void configWritesOnlyAllowedKeysToTheFileForTheNextStart() throws Exception {
        runner.handle(command(1, CommandAction.ConfigUpdate.of(Map.of("drain.rate", "50", "log.level", "debug"))));
        runner.handle(command(2, CommandAction.ConfigUpdate.of(Map.of("security.command-key", "/tmp/other.pem"))));
        runner.handle(command(3, CommandAction.ConfigUpdate.of(Map.of("drain.rate", "fast"))));

        AgentConfig next = AgentConfig.resolve(Map.of(), Map.of(), Optional.of(configFile));
        assertThat(next.text(org.doudi.config.Settings.DRAIN_RATE)).isEqualTo("50");
        assertThat(next.text(org.doudi.config.Settings.LOG_LEVEL)).isEqualTo("debug");
        assertThat(next.text(org.doudi.config.Settings.BROKER_PASSWORD)).isEqualTo("s3cret");
        assertThat(reports).extracting(r -> r.path("name").asText() + " " + r.path("details").path("reason").asText())
                .containsExactly("command.accepted ", "command.refused unsupported", "command.refused unsupported");
        assertThat(reports.toString()).doesNotContain("fast", "s3cret", "/tmp/other.pem");
        assertThat(reports.get(0).path("details").path("applies").asText()).contains("next start");
        assertThat(reports.get(1).path("details").path("detail").asText()).contains("security.command-key", "remotely");
        assertThat(reports.get(2).path("details").path("detail").asText()).contains("drain.rate", "whole number");
    }

    @Test
    void rotationWritesTheNewAccountForTheNextStartAndNeverReportsOrLogsThePassword() throws Exception {
        String password = "new-" + RecordIds.next();
        runner.handle(rotation(1, sealingKey.publicKey(), new BrokerCredentials("kiosk-0042", password)));

        AgentConfig next = AgentConfig.resolve(Map.of(), Map.of(), Optional.of(configFile));
        assertThat(next.text(Settings.BROKER_USERNAME)).isEqualTo("kiosk-0042");
        assertThat(next.text(Settings.BROKER_PASSWORD)).isEqualTo(password);
        assertThat(next.text(Settings.DRAIN_RATE)).isEqualTo("500");
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.path("name").asText()).isEqualTo("command.accepted");
            assertThat(r.path("details").path("type").asText()).isEqualTo("rotate-credentials");
            assertThat(r.path("details").path("keys").toString()).contains("broker.password", "broker.username");
            assertThat(r.path("details").path("applies").asText()).contains("next start");
        });
        assertThat(reports.toString()).doesNotContain(password);
        assertThat(Files.readString(Path.of("target/tests.log"))).doesNotContain(password);
    }

    @Test
    void credentialsSealedToAnotherKeyAreRefusedAndTheConfigStaysAsItWas() throws Exception {
        String before = Files.readString(configFile);
        runner.handle(rotation(1, Keys.DeviceSealingKey.generate().publicKey(),
                new BrokerCredentials("kiosk-0042", "stolen-elsewhere")));

        assertThat(Files.readString(configFile)).isEqualTo(before);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.path("name").asText()).isEqualTo("command.refused");
            assertThat(r.path("details").path("reason").asText()).isEqualTo("unsupported");
            assertThat(r.path("details").path("detail").asText()).contains("do not open");
        });
        // Refused before it ran, so the number is not used up: the office can send the rotation again.
        assertThat(outbox.fact(AgentFacts.COMMAND_NUMBER)).isEmpty();
    }

    @Test
    void credentialsMovedToAnotherCommandDoNotOpen() throws Exception {
        BrokerCredentials credentials = new BrokerCredentials("kiosk-0042", "moved");
        CommandAction.RotateCredentials sealedForAnother = new CommandAction.RotateCredentials(
                credentials.seal(sealingKey.publicKey(), RecordIds.next(), outbox.identity()));
        runner.handle(command(1, sealedForAnother));

        assertThat(reports).singleElement().satisfies(r -> assertThat(r.path("name").asText()).isEqualTo("command.refused"));
        assertThat(Files.readString(configFile)).doesNotContain("moved");
    }

    @Test
    void aDeviceWithoutASealingKeyRefusesRotationAndSaysToReEnrol() {
        runner.close();
        runner = runner(Optional.empty());
        runner.handle(rotation(1, sealingKey.publicKey(), new BrokerCredentials("kiosk-0042", "unopened")));

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.path("details").path("reason").asText()).isEqualTo("unsupported");
            assertThat(r.path("details").path("detail").asText()).contains("security.device-sealing-key", "re-enrol");
        });
    }

    @Test
    void wipeStopsTheAgent() {
        runner.handle(command(1, new CommandAction.Wipe()));
        assertThat(wiped).isTrue();
    }
}
