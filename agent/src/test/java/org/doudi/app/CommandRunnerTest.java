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
import org.doudi.command.Command;
import org.doudi.command.CommandAction;
import org.doudi.command.CommandCodec;
import org.doudi.command.CommandVerifier;
import org.doudi.command.SignedCommand;
import org.doudi.config.AgentConfig;
import org.doudi.link.TokenBucket;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.doudi.protocol.Topics;
import org.doudi.record.RecordIds;
import org.doudi.record.SeqRange;
import org.doudi.security.Keys;
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
    private final FakeMqttLink link = new FakeMqttLink();
    private final List<ObjectNode> reports = new CopyOnWriteArrayList<>();
    private final AtomicBoolean wiped = new AtomicBoolean();
    private SqliteOutbox outbox;
    private OutboxDrainer drainer;
    private Path configFile;
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
        AgentConfig config = AgentConfig.resolve(Map.of(), Map.of(), Optional.of(configFile));
        CommandVerifier verifier = new CommandVerifier(outbox.identity(), Optional.of(office.publicKey()), Instant.EPOCH);
        runner = new CommandRunner(verifier, outbox, config, new CommandRunner.Effects() {
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
        Instant now = Instant.now();
        return CommandCodec.encode(SignedCommand.sign(new Command(RecordIds.next(), outbox.identity(), now,
                now.plus(Duration.ofHours(1)), number, action), office));
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
    void rotationIsRefusedAsUnsupportedAndWipeStopsTheAgent() {
        runner.handle(command(1, new CommandAction.RotateCredentials()));
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.path("details").path("detail").asText())
                .contains("re-enrolment"));
        assertThat(wiped).isFalse();

        runner.handle(command(2, new CommandAction.Wipe()));
        assertThat(wiped).isTrue();
    }
}
