package org.doudi.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.doudi.app.Agent;
import org.doudi.config.AgentConfig;
import org.doudi.demo.broker.EmbeddedBroker;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.doudi.record.Envelope;
import org.doudi.record.NewRecord;
import org.doudi.record.PayloadValidator;
import org.doudi.record.Priority;
import org.doudi.record.RecordCapture;
import org.doudi.record.RecordType;
import org.doudi.record.SampleRecords;
import org.doudi.clock.ClockTrust;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent and the reference centre through a real (embedded) broker: publish, ack, restarts, backlogs. */
class EmbeddedBrokerIntegrationTest {
    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private Centre centre;
    private final SampleRecords samples = new SampleRecords(new Random(42));

    @BeforeEach
    void startBrokerAndCentre() {
        broker = EmbeddedBroker.start(0, dir.resolve("broker"));
        centre = new Centre(broker.url(), dir, "centre");
    }

    @AfterEach
    void stop() {
        if (centre != null) {
            centre.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Agent agent(String deviceId, Map<String, String> extra) throws Agent.StartFailure {
        return Agent.start(TestAgents.config(dir.resolve(deviceId), broker.url(), deviceId, extra));
    }

    private Set<String> submit(Agent agent, int count) throws Exception {
        Set<String> ids = new HashSet<>();
        RecordType[] types = RecordType.values();
        for (int i = 0; i < count; i++) {
            RecordType type = types[i % types.length];
            ids.add(agent.submit(type, samples.payloadFor(type)).recordId());
        }
        return ids;
    }

    private static void awaitAllAcknowledged(Agent agent, long count) {
        Wait.until(count + " records acknowledged on the device", Duration.ofSeconds(30),
                () -> agent.counts().count(OutboxState.ACKNOWLEDGED) == count, () -> agent.counts().toString());
    }

    @Test
    void recordsReachTheCentreAndComeBackAcknowledged() throws Exception {
        try (Agent agent = agent("kiosk-it-01", Map.of())) {
            Set<String> ids = submit(agent, 60);
            centre.awaitStored(ids, Duration.ofSeconds(30));
            awaitAllAcknowledged(agent, 60);
            assertThat(centre.upTo(agent.identity())).isEqualTo(60);
            assertThat(centre.gaps(agent.identity())).isEmpty();
            assertThat(centre.arrivalOrder()).allSatisfy(e -> assertThat(e.deviceId()).isEqualTo("kiosk-it-01"));
        }
    }

    @Test
    void aBacklogBuiltWhileTheBrokerIsDownDrainsEmergenciesFirst() throws Exception {
        try (Agent agent = agent("kiosk-it-02", Map.of())) {
            Wait.until("first connection", Duration.ofSeconds(10), () -> agent.linkState().name().equals("CONNECTED"),
                    () -> agent.linkState().name());
            broker.stop();
            Set<String> ids = submit(agent, 300);
            Set<String> emergencies = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                emergencies.add(agent.submit(RecordType.APPLICATION, samples.emergencyApplication()).recordId());
            }
            assertThat(agent.counts().count(OutboxState.PENDING)).isEqualTo(320);
            broker.restart();
            ids.addAll(emergencies);
            centre.awaitStored(ids, Duration.ofSeconds(60));
            awaitAllAcknowledged(agent, 320);
            assertThat(centre.gaps(agent.identity())).isEmpty();
            assertThat(centre.upTo(agent.identity())).isEqualTo(320);

            List<Envelope> order = centre.arrivalOrder();
            int lastEmergency = 0;
            int firstEvent = order.size();
            for (int i = 0; i < order.size(); i++) {
                if (order.get(i).priority() == Priority.EMERGENCY) {
                    lastEmergency = i;
                }
                if (order.get(i).priority() == Priority.EVENT) {
                    firstEvent = Math.min(firstEvent, i);
                }
            }
            assertThat(lastEmergency).as("every emergency arrived before the first telemetry event").isLessThan(firstEvent);
        }
    }

    @Test
    void keepsTryingWhenTheVeryFirstConnectFails() throws Exception {
        broker.stop();
        try (Agent agent = agent("kiosk-it-03", Map.of())) {
            Set<String> ids = submit(agent, 10);
            Thread.sleep(1500);
            assertThat(agent.linkState().name()).isNotEqualTo("CONNECTED");
            broker.restart();
            centre.awaitStored(ids, Duration.ofSeconds(30));
            awaitAllAcknowledged(agent, 10);
        }
    }

    @Test
    void recordsStoredByAnotherProcessAreSentByTheRunningAgent() throws Exception {
        AgentConfig config = TestAgents.config(dir.resolve("kiosk-it-04"), broker.url(), "kiosk-it-04", Map.of());
        try (Agent agent = Agent.start(config)) {
            Wait.until("connection", Duration.ofSeconds(10), () -> agent.linkState().name().equals("CONNECTED"),
                    () -> agent.linkState().name());
            // What `doudi enqueue` does: its own connection to the same database, no daemon lock.
            RecordCapture capture = new RecordCapture(new PayloadValidator(), ClockTrust.system());
            Set<String> ids = new HashSet<>();
            try (SqliteOutbox cli = OutboxOpener.open(Agent.diskOptions(config), Optional.empty(), Optional.empty(),
                    false).outbox()) {
                List<NewRecord> records = List.of(
                        capture.capture(RecordType.WELFARE_CHECK, samples.welfareCheck()),
                        capture.capture(RecordType.DAILY_REPORT, samples.dailyReport()));
                cli.append(records).forEach(r -> ids.add(r.recordId()));
            }
            centre.awaitStored(ids, Duration.ofSeconds(5));
        }
    }

    @Test
    void announcesOnlineAndSaysGoodbyeOnAPlannedShutdown() throws Exception {
        Agent agent = agent("kiosk-it-05", Map.of());
        Wait.until("online status at the centre", Duration.ofSeconds(10),
                () -> centre.stats().device(agent.identity()).flatMap(v -> v.status())
                        .map(s -> s.status().state().name().equals("ONLINE")).orElse(false),
                () -> centre.stats().toString());
        agent.close();
        Wait.until("offline status at the centre", Duration.ofSeconds(10),
                () -> centre.stats().device(agent.identity()).flatMap(v -> v.status())
                        .map(s -> s.status().state().name().equals("OFFLINE") && s.status().reason().equals("shutdown"))
                        .orElse(false),
                () -> centre.stats().toString());
    }
}
