package org.doudi.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.doudi.cli.DoudiCommand;
import org.doudi.demo.broker.EmbeddedBroker;
import org.doudi.protocol.Json;
import org.doudi.record.SampleRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full run of the shipped command line — daemon, enqueue (good and refused lines), status — at the
 * most verbose log level, then every log file is searched for the ID numbers, names, phone numbers
 * and addresses the run used. None may appear.
 */
class LogPrivacyTest {
    @TempDir
    Path dir;

    @Test
    void noPersonalDataInAnyLogLine() throws Exception {
        Path dataDir = dir.resolve("kiosk");
        SampleRecords samples = new SampleRecords(new Random(99));
        List<String> personal = new ArrayList<>();
        StringBuilder good = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            ObjectNode application = i % 5 == 0 ? samples.emergencyApplication() : samples.application();
            collectPersonal(application, personal);
            good.append(application).append('\n');
        }
        ObjectNode refused = samples.application();
        collectPersonal(refused, personal);
        ((ObjectNode) refused.get("applicant")).put("phone", "not-a-phone 13800001111");
        personal.add("13800001111");

        try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir.resolve("broker"));
                Centre centre = new Centre(broker.url(), dir, "centre")) {
            String[] common = {"--data-dir", dataDir.toString(), "--device-id", "kiosk-privacy-01",
                "--township", "110101001", "--log-level", "trace"};
            Process daemon = ChildJvm.start(DoudiCommand.class, concat(new String[] {"run", "--broker", broker.url(),
                "--outbox-ack-timeout", "3s"}, common));
            try {
                assertThat(runCli(concat(new String[] {"enqueue", "--type", "application"}, common), good.toString()))
                        .hasLineCount(40);
                assertThat(runCli(concat(new String[] {"enqueue", "--type", "application"}, common), refused + "\n"))
                        .isEmpty();
                Wait.until("all 40 acknowledged", Duration.ofSeconds(30), () -> acknowledged(common) == 40,
                        () -> "status " + statusJson(common));
            } finally {
                daemon.destroy();
                assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
        }

        List<Path> logs;
        try (Stream<Path> files = Files.walk(dataDir.resolve("logs"))) {
            logs = files.filter(Files::isRegularFile).toList();
        }
        assertThat(logs).isNotEmpty();
        long lines = 0;
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            lines += text.lines().count();
            for (String value : personal) {
                assertThat(text).as("personal data in %s", log.getFileName()).doesNotContain(value);
            }
        }
        assertThat(lines).as("the run logged something to search").isGreaterThan(10);
    }

    private static void collectPersonal(JsonNode application, List<String> into) {
        JsonNode applicant = application.path("applicant");
        for (String field : new String[] {"name", "id_number", "phone", "address"}) {
            if (applicant.hasNonNull(field)) {
                into.add(applicant.get(field).asText());
            }
        }
    }

    private long acknowledged(String[] common) {
        try {
            return Json.MAPPER.readTree(statusJson(common)).path("records").path("acknowledged").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private String statusJson(String[] common) {
        try {
            return runCli(concat(new String[] {"status", "--json"}, common), "");
        } catch (Exception e) {
            return "{}";
        }
    }

    private static String runCli(String[] args, String stdin) throws Exception {
        Process p = ChildJvm.start(DoudiCommand.class, args);
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
