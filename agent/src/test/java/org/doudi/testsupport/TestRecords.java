package org.doudi.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.protocol.Json;
import org.doudi.protocol.MalformedMessage;
import org.doudi.record.Envelope;
import org.doudi.record.NewRecord;
import org.doudi.record.Payload;
import org.doudi.record.Priority;
import org.doudi.record.RecordIds;
import org.doudi.record.RecordType;
import org.doudi.record.SampleRecords;

/** Realistic fictional records (SampleRecords) wrapped as captured records. */
public final class TestRecords {
    public static final Instant CAPTURED = Instant.parse("2026-03-02T08:30:00Z");

    private final SampleRecords samples;

    public TestRecords(long seed) {
        this.samples = new SampleRecords(new SplittableRandom(seed));
    }

    public NewRecord of(RecordType type) {
        return of(type, samples.payloadFor(type));
    }

    public static NewRecord of(RecordType type, JsonNode payload) {
        return new NewRecord(RecordIds.next(), type, CAPTURED, true, Priority.of(type, payload), Payload.readable(payload));
    }

    /** A non-emergency application, priority APPLICATION. */
    public NewRecord application() {
        ObjectNode p = samples.application();
        p.put("assistance_type", "dibao");
        p.remove("urgent");
        return of(RecordType.APPLICATION, p);
    }

    public NewRecord emergencyApplication() {
        return of(RecordType.APPLICATION, samples.emergencyApplication());
    }

    public List<NewRecord> applications(int n) {
        List<NewRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(application());
        }
        return out;
    }

    /** An event whose details carry {@code filler} characters: a record of a chosen size. */
    public static NewRecord bigEvent(int filler) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("name", "test.filler").put("level", "info");
        p.putObject("details").put("filler", "x".repeat(filler));
        return of(RecordType.EVENT, p);
    }

    public static NewRecord event(String name) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("name", name).put("level", "info");
        p.putObject("details").put("count", 1);
        return of(RecordType.EVENT, p);
    }

    public static Envelope decode(byte[] envelope) {
        try {
            return EnvelopeCodec.decode(envelope);
        } catch (MalformedMessage e) {
            throw new AssertionError("stored envelope does not decode: " + e.getMessage(), e);
        }
    }
}
