package org.doudi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.doudi.clock.ClockTrust;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.record.Envelope;
import org.doudi.record.NewRecord;
import org.doudi.record.PayloadRejected;
import org.doudi.record.PayloadValidator;
import org.doudi.record.RecordCapture;
import org.doudi.record.RecordIds;
import org.doudi.record.RecordType;
import org.doudi.record.SampleRecords;

/**
 * The workload every benchmark shares: a pool of validated, obviously fictional records
 * ({@link SampleRecords}, all five types in turn, fixed seed) and where benchmark data lives.
 */
final class Samples {
    /** A fictional township code (Dongcheng district prefix, as in the demo). */
    static final String TOWNSHIP = "110101001";

    private final List<NewRecord> pool;

    Samples(int poolSize) {
        this(poolSize, List.of(RecordType.values()));
    }

    /** Records of {@code types} in turn. */
    Samples(int poolSize, List<RecordType> types) {
        SampleRecords generator = new SampleRecords(new SplittableRandom(20250101L)); // same records every run
        RecordCapture capture = new RecordCapture(new PayloadValidator(), ClockTrust.system());
        List<NewRecord> records = new ArrayList<>(poolSize);
        try {
            for (int i = 0; i < poolSize; i++) {
                RecordType type = types.get(i % types.size());
                records.add(capture.capture(type, generator.payloadFor(type)));
            }
        } catch (PayloadRejected e) {
            throw new IllegalStateException("a sample payload failed validation: " + e.getMessage(), e);
        }
        this.pool = List.copyOf(records);
    }

    int size() {
        return pool.size();
    }

    RecordType type(int i) {
        return pool.get(i % pool.size()).type();
    }

    JsonNode payload(int i) {
        return pool.get(i % pool.size()).payload().readableJson().orElseThrow();
    }

    /** The i-th pooled record under a new record_id, as if just captured. */
    NewRecord fresh(int i) {
        NewRecord r = pool.get(i % pool.size());
        return new NewRecord(RecordIds.next(), r.type(), r.createdAt(), r.clockTrusted(), r.priority(), r.payload());
    }

    /** The envelope bytes the outbox would store for the i-th pooled record. */
    byte[] envelope(int i, String deviceId, long seq) {
        return EnvelopeCodec.encode(Envelope.of(pool.get(i % pool.size()), deviceId, TOWNSHIP, seq));
    }

    /** The payload of the i-th pooled record as one JSON line, for {@code doudi enqueue}. */
    String jsonLine(int i) {
        return payload(i).toString();
    }

    /** A device id no earlier run used, so retained messages and sessions never mix. */
    static String uniqueDeviceId(String purpose) {
        return "bench-" + purpose + "-" + Long.toString(System.currentTimeMillis(), 36) + "-"
                + Integer.toString(RandomGenerator.getDefault().nextInt(1 << 20), 36);
    }

    /** Benchmark data goes under bench/target/data (same disk as the repository) unless told otherwise. */
    static Path dataRoot(String benchmark) {
        Path root = Path.of(System.getProperty("doudi.bench.data", "bench/target/data")).toAbsolutePath();
        Path dir = root.resolve(benchmark + "-" + Long.toString(System.currentTimeMillis(), 36));
        try {
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "ext4 (/dev/vda)", for the report. */
    static String filesystem(Path dir) {
        try {
            var store = Files.getFileStore(dir);
            return store.type() + " (" + store.name() + ")";
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
