package org.doudi.systemtest;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.doudi.app.Agent;
import org.doudi.record.RecordType;
import org.doudi.record.SampleRecords;

/**
 * A device process for the crash test. {@code feed}: runs the agent and saves records as fast as it
 * can, printing each record_id only after {@code submit} returned (the moment a kiosk would say
 * "saved"), until it is killed. {@code drain}: runs the agent until the centre has acknowledged
 * everything, then prints DRAINED and exits.
 */
public final class CrashChild {
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        String brokerUrl = args[1];
        String deviceId = args[2];
        String mode = args[3];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Agent agent = Agent.start(TestAgents.config(dataDir, brokerUrl, deviceId,
                Map.of("mqtt.inflight-window", "16")))) {
            if (mode.equals("drain")) {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (agent.counts().unacknowledged() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                out.println(agent.counts().unacknowledged() == 0 ? "DRAINED" : "NOT DRAINED " + agent.counts());
                return;
            }
            SampleRecords samples = new SampleRecords(new Random());
            Random pick = new Random();
            RecordType[] types = RecordType.values();
            while (true) {
                RecordType type = types[pick.nextInt(types.length)];
                out.println(agent.submit(type, samples.payloadFor(type)).recordId());
                Thread.sleep(1);
            }
        }
    }
}
