package org.doudi.outbox.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.doudi.clock.ClockTrust;
import org.doudi.outbox.Outgoing;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.record.Envelope;
import org.doudi.record.NewRecord;
import org.doudi.record.PayloadValidator;
import org.doudi.record.RecordCapture;
import org.doudi.record.RecordType;
import org.doudi.record.SampleRecords;
import org.doudi.security.CentreProtection;
import org.doudi.security.DeviceProtection;
import org.doudi.security.Keys;
import org.doudi.testsupport.TestOutboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On an enrolled device the outbox holds sealed payloads only: a thief of the SD card reads no applicant. */
class ProtectedOutboxTest {
    @TempDir
    Path dir;

    @Test
    void whatIsStoredNamesNoApplicantAndOpensOnlyAtTheCentre() throws Exception {
        Keys.CentralPrivateKey centralKey = Keys.CentralPrivateKey.generate();
        Keys.DeviceSigningKey deviceKey = Keys.DeviceSigningKey.generate();
        DeviceProtection protection = new DeviceProtection(centralKey.publicKey(), deviceKey);
        SampleRecords samples = new SampleRecords(new java.util.Random(3));
        List<String> names = new ArrayList<>();
        List<JsonNode> payloads = new ArrayList<>();
        try (SqliteOutbox outbox = TestOutboxes.open(TestOutboxes.options(dir).withProtection(protection))) {
            RecordCapture capture = new RecordCapture(new PayloadValidator(), ClockTrust.system(),
                    Optional.of(protection.sealingFor(outbox.identity())));
            for (int i = 0; i < 20; i++) {
                JsonNode payload = samples.application();
                payloads.add(payload);
                names.add(payload.path("applicant").path("name").asText());
                NewRecord r = capture.capture(RecordType.APPLICATION, payload);
                outbox.append(List.of(r));
            }
            CentreProtection centre = new CentreProtection(centralKey,
                    id -> Optional.of(deviceKey.publicKey()), false);
            List<Outgoing> stored = outbox.claim(100);
            assertThat(stored).hasSize(20);
            List<JsonNode> opened = new ArrayList<>();
            for (Outgoing o : stored) {
                Envelope e = centre.check(EnvelopeCodec.decode(o.envelope()));
                opened.add(e.payload().readableJson().orElseThrow());
            }
            assertThat(opened).containsExactlyInAnyOrderElementsOf(payloads);
        }
        byte[] everything = everyFileIn(dir);
        for (String name : names) {
            assertThat(contains(everything, name.getBytes(StandardCharsets.UTF_8))).as("a stored applicant name").isFalse();
        }
    }

    /** A group commit signs its records in parallel; each must still carry its own seq, signed. */
    @Test
    void aGroupAppendedAtOnceIsSignedRecordByRecordInOrder() throws Exception {
        Keys.CentralPrivateKey centralKey = Keys.CentralPrivateKey.generate();
        Keys.DeviceSigningKey deviceKey = Keys.DeviceSigningKey.generate();
        DeviceProtection protection = new DeviceProtection(centralKey.publicKey(), deviceKey);
        SampleRecords samples = new SampleRecords(new java.util.Random(8));
        try (SqliteOutbox outbox = TestOutboxes.open(TestOutboxes.options(dir).withProtection(protection))) {
            RecordCapture capture = new RecordCapture(new PayloadValidator(), ClockTrust.system(),
                    Optional.of(protection.sealingFor(outbox.identity())));
            List<NewRecord> group = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                group.add(capture.capture(RecordType.WELFARE_CHECK, samples.welfareCheck()));
            }
            List<org.doudi.outbox.Receipt> receipts = outbox.append(group);
            CentreProtection centre = new CentreProtection(centralKey, id -> Optional.of(deviceKey.publicKey()), false);
            for (Outgoing o : outbox.claim(100)) {
                Envelope e = centre.check(EnvelopeCodec.decode(o.envelope()));
                assertThat(e.seq()).isEqualTo(o.seq());
                assertThat(e.recordId()).isEqualTo(group.get((int) (o.seq() - receipts.getFirst().seq())).recordId());
            }
        }
    }

    @Test
    void theSearchForNamesWouldFindThemInAnOutboxOfADeviceNotEnrolled() throws Exception {
        JsonNode payload = new SampleRecords(new java.util.Random(3)).application();
        try (SqliteOutbox outbox = TestOutboxes.open(TestOutboxes.options(dir))) {
            outbox.append(List.of(new RecordCapture(new PayloadValidator(), ClockTrust.system())
                    .capture(RecordType.APPLICATION, payload)));
        }
        byte[] name = payload.path("applicant").path("name").asText().getBytes(StandardCharsets.UTF_8);
        assertThat(contains(everyFileIn(dir), name)).isTrue();
    }

    private static byte[] everyFileIn(Path dir) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.write(Files.readAllBytes(f));
            }
        }
        return out.toByteArray();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
