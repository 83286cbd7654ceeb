package org.doudi.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.doudi.app.Agent;
import org.doudi.demo.broker.EmbeddedBroker;
import org.doudi.outbox.OutboxState;
import org.doudi.record.RecordType;
import org.doudi.record.SampleRecords;
import org.doudi.systemtest.net.FaultyProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A field tablet on flapping 3G: the agent reaches the broker through a proxy that drops every
 * connection, stalls (half-open: the socket stays up, nothing flows), refuses, and adds latency,
 * while records keep being saved. Everything must arrive, in a gap-free sequence.
 */
class NetworkFaultTest {
    @TempDir
    Path dir;

    @Test
    void everyRecordArrivesThroughDropsStallsAndRefusals() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir.resolve("broker"));
                Centre centre = new Centre(broker.url(), dir, "centre");
                FaultyProxy proxy = FaultyProxy.start("127.0.0.1", broker.port());
                Agent agent = Agent.start(TestAgents.config(dir.resolve("tablet"), "tcp://127.0.0.1:" + proxy.port(),
                        "tablet-3g-01", Map.of("mqtt.keepalive", "1s", "mqtt.connect-timeout", "2s")))) {
            Set<String> saved = ConcurrentHashMap.newKeySet();
            AtomicBoolean feeding = new AtomicBoolean(true);
            Thread feeder = new Thread(() -> {
                SampleRecords samples = new SampleRecords(new Random(3));
                RecordType[] types = RecordType.values();
                for (int i = 0; feeding.get(); i++) {
                    try {
                        saved.add(agent.submit(types[i % types.length], samples.payloadFor(types[i % types.length])).recordId());
                        Thread.sleep(5);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "feeder");
            feeder.start();

            awaitConnected(agent);
            proxy.dropAll();                          // RST on every connection
            Thread.sleep(700);
            awaitConnected(agent);
            proxy.stall();                            // half-open: only the keep-alive can tell
            Thread.sleep(4000);
            assertThat(agent.linkState().name()).as("a stalled link is noticed by the keep-alive").isNotEqualTo("CONNECTED");
            proxy.refuse();                           // the broker's address answers with a closed door
            Thread.sleep(1500);
            proxy.latency(Duration.ofMillis(150));    // slow but working
            proxy.pass();
            awaitConnected(agent);
            Thread.sleep(1000);
            proxy.dropAll();
            proxy.latency(Duration.ZERO);
            Thread.sleep(500);
            feeding.set(false);
            feeder.join();

            centre.awaitStored(saved, Duration.ofSeconds(60));
            Wait.until("all acknowledged", Duration.ofSeconds(30),
                    () -> agent.counts().count(OutboxState.ACKNOWLEDGED) == saved.size(), () -> agent.counts().toString());
            assertThat(centre.gaps(agent.identity())).isEmpty();
            assertThat(centre.upTo(agent.identity())).isEqualTo(agent.counts().lastSeq());
            assertThat(proxy.connectionsAccepted()).as("the agent reconnected several times").isGreaterThanOrEqualTo(3);
        }
    }

    private static void awaitConnected(Agent agent) {
        Wait.until("link connected", Duration.ofSeconds(20), () -> agent.linkState().name().equals("CONNECTED"),
                () -> agent.linkState().name());
    }
}
