package org.doudi.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto that a test starts with its own configuration on ports it chose, and stops when
 * done. Its log goes to a file beside the configuration and is quoted when the broker does not come
 * up, so a failure on CI says why.
 */
public final class MosquittoProcess implements AutoCloseable {
    private static final List<Path> LOCATIONS = List.of(
            Path.of("/usr/sbin/mosquitto"), Path.of("/usr/local/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));
    /** A cold start on a loaded 2-core machine (key loading, other test JVMs) can take seconds. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;

    private MosquittoProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Optional<Path> binary() {
        return LOCATIONS.stream().filter(Files::isExecutable).findFirst();
    }

    /** The Mosquitto binary; the test is skipped (failed in CI) when none is installed. */
    public static Path requireBinary() {
        Optional<Path> binary = binary();
        Prerequisites.require(binary.isPresent(), "mosquitto is not installed (looked for " + LOCATIONS + ")");
        return binary.orElseThrow();
    }

    /**
     * Starts Mosquitto with {@code config} (written to {@code dir}) and returns once every one of
     * {@code ports} accepts connections. The test's user is added as Mosquitto's {@code user}: started
     * as root, Mosquitto would otherwise switch to the {@code mosquitto} account, which cannot read the
     * test's 0600 key and password files; for any other user the line changes nothing.
     */
    public static MosquittoProcess start(Path dir, String config, int... ports) throws IOException {
        if (ports.length == 0) {
            throw new IllegalArgumentException("name at least one port the configuration listens on");
        }
        Path binary = requireBinary();
        String name = "mosquitto-" + ports[0];
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, config + "\nuser " + System.getProperty("user.name") + "\n");
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MosquittoProcess broker = new MosquittoProcess(process, log);
        broker.awaitListening(ports);
        return broker;
    }

    private void awaitListening(int[] ports) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!Arrays.stream(ports).allMatch(LocalPorts::listening)) {
            if (!process.isAlive()) {
                throw new AssertionError("mosquitto exited with " + process.exitValue() + " before listening on "
                        + Arrays.toString(ports) + "; its log:\n" + log());
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new AssertionError("mosquitto not listening on " + Arrays.toString(ports) + " after "
                        + PATIENCE.toSeconds() + " s; its log:\n" + log());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new AssertionError("interrupted while waiting for mosquitto");
            }
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
