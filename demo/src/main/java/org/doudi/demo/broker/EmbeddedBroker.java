package org.doudi.demo.broker;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.tinylog.configuration.Configuration;

/**
 * An MQTT 3.1.1 broker (Moquette 0.17) inside this JVM, listening on loopback only, for the demo and for tests
 * that need to take a broker down and bring it back.
 *
 * <h2>Restart semantics</h2>
 * The broker keeps its state in files (Moquette's H2 store), so {@link #stop()} followed by {@link #restart()}
 * behaves like a production broker with persistence switched on (Mosquitto {@code persistence true}) being
 * stopped cleanly and started again on the same port:
 * <ul>
 *   <li>every client connection is dropped on {@code stop()}; clients must reconnect themselves;</li>
 *   <li>sessions opened with {@code cleanSession=false} survive with their subscriptions, and the QoS 1/2
 *       messages queued for such a session while its client was disconnected, before the stop as well as
 *       after the restart, are delivered once it reconnects with the same client id;</li>
 *   <li>retained messages survive;</li>
 *   <li>{@code cleanSession=true} sessions and QoS 0 messages in flight are lost, as with any broker.</li>
 * </ul>
 * Because a stop is always orderly, this does not simulate a broker that crashed and lost its last
 * {@code autosave_interval} of writes; a crashed broker is a different test (a real Mosquitto killed with SIGKILL).
 *
 * <p>Unlike Mosquitto, Moquette re-sends a QoS 1 message that a subscriber has not acknowledged within 5 seconds
 * on the same live connection (with DUP set), so a slow subscriber can see a duplicate arrive after newer
 * messages; receivers must de-duplicate, and ordering checks should look at first arrivals.
 *
 * <h2>Logging</h2>
 * Moquette and Netty log through SLF4J under the logger names {@code io.moquette} and {@code io.netty}; with
 * slf4j-tinylog these reach tinylog, whose default level (trace) makes Moquette print dozens of lines on every
 * start and stop. The broker leaves logging configuration to the application: set {@code level@io.moquette} and
 * {@code level@io.netty} in tinylog's configuration, or call {@link #quietLogging()} early. Even then Moquette
 * reports every connection a client resets at ERROR with a stack trace; in network-fault tests that is expected.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final List<String> CHATTY_LOGGERS = List.of("io.moquette", "io.netty");
    // Headroom over the largest message the agent publishes (its JSON cap is 256 KiB, plus topic and MQTT
    // framing); Moquette's own default, 8092 bytes, would make it hang up on clients sending ordinary records.
    private static final int MAX_MESSAGE_BYTES = 512 * 1024;
    private static final Duration PORT_DISCOVERY_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private Server server;
    private boolean closed;

    private EmbeddedBroker(Server server, int port, Path dataDir, boolean ownsDataDir) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /**
     * Starts a broker whose state lives in a fresh temporary directory, deleted again by {@link #close()}.
     *
     * @param port the TCP port on 127.0.0.1, or 0 for any free port (kept for every later restart)
     */
    public static EmbeddedBroker start(int port) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("doudi-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the embedded broker", e);
        }
        try {
            return launchFirst(port, dataDir, true);
        } catch (RuntimeException e) {
            deleteQuietly(dataDir);
            throw e;
        }
    }

    /**
     * Starts a broker whose state lives in {@code dataDir} (created if missing, never deleted), so that
     * retained messages and persistent sessions also outlive this process.
     *
     * @param port the TCP port on 127.0.0.1, or 0 for any free port (kept for every later restart)
     */
    public static EmbeddedBroker start(int port, Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        return launchFirst(port, dataDir, false);
    }

    /** The port the broker listens on; unchanged by stops and restarts. */
    public int port() {
        return port;
    }

    /** The address for MQTT clients, {@code tcp://127.0.0.1:PORT}. */
    public String url() {
        return "tcp://" + HOST + ":" + port;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Takes the broker down: the port is closed and every client connection dropped by the time this returns.
     * State is saved for {@link #restart()}. Does nothing if the broker is already stopped. Takes about two
     * seconds, Netty's fixed quiet period for shutting down its event loops; connections drop at the start of it.
     */
    public synchronized void stop() {
        if (server != null) {
            Server stopping = server;
            server = null;
            stopping.stopServer();
        }
    }

    /**
     * Brings the broker (back) up on the same port with the state it had when it stopped; stops it first if it is
     * running.
     *
     * @throws IllegalStateException if the broker has been closed
     * @throws RuntimeException if the port cannot be bound again (something else took it meanwhile)
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("the embedded broker on port " + port + " has been closed");
        }
        stop();
        server = launch(port, dataDir);
    }

    /** Stops the broker for good and deletes its state if {@link #start(int)} created the directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (ownsDataDir) {
            deleteQuietly(dataDir);
        }
    }

    /**
     * Sets tinylog's level for {@code io.moquette} and {@code io.netty} to {@code warn}, overriding any level given
     * for them in {@code tinylog.properties}. Call it before the first log entry is written; afterwards tinylog's
     * configuration is frozen and this does nothing. The rest of the configuration stays open to the application.
     */
    public static void quietLogging() {
        // Deliberately no Configuration.get(): reading freezes tinylog's configuration for good.
        if (Configuration.isFrozen()) {
            return;
        }
        try {
            for (String logger : CHATTY_LOGGERS) {
                Configuration.set("level@" + logger, "warn");
            }
        } catch (UnsupportedOperationException frozenMeanwhile) {
            // Another thread wrote the first log entry between the check and the set; its configuration stands.
        }
    }

    @Override
    public String toString() {
        return "EmbeddedBroker[" + url() + (isRunning() ? ", running" : ", stopped") + "]";
    }

    private static EmbeddedBroker launchFirst(int port, Path dataDir, boolean ownsDataDir) {
        Server server = launch(port, dataDir);
        try {
            int bound = port != 0 ? port : boundPort(server);
            return new EmbeddedBroker(server, bound, dataDir, ownsDataDir);
        } catch (RuntimeException e) {
            server.stopServer();
            throw e;
        }
    }

    /**
     * Moquette learns the port it bound through a listener that Netty runs on its event loop after
     * {@code startServer} has returned, so right after start {@code getPort()} may still say 0 — or, as
     * Moquette fills a plain HashMap on that loop while {@code getPort()} reads it, throw a
     * ConcurrentModificationException (seen once in CI); both mean "ask again".
     */
    static int boundPort(Server server) {
        long deadline = System.nanoTime() + PORT_DISCOVERY_TIMEOUT.toNanos();
        int bound;
        while ((bound = portOrZero(server)) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the embedded broker did not report its port within "
                        + PORT_DISCOVERY_TIMEOUT);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the embedded broker was starting", e);
            }
        }
        return bound;
    }

    private static int portOrZero(Server server) {
        try {
            return server.getPort();
        } catch (java.util.ConcurrentModificationException stillBinding) {
            return 0;
        }
    }

    private static Server launch(int port, Path dataDir) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Properties props = new Properties();
        props.setProperty("host", HOST);
        props.setProperty("port", Integer.toString(port));
        props.setProperty("allow_anonymous", "true");
        props.setProperty("persistence_enabled", "true");
        props.setProperty("data_path", dataDir.toAbsolutePath().toString());
        // One H2 file instead of Moquette's default segmented queues, which preallocate 64 MiB pages.
        props.setProperty("persistent_queue_type", "h2");
        // Moquette otherwise phones home on every start and drops a UUID file into the data directory.
        props.setProperty("telemetry_enabled", "false");
        props.setProperty("netty.mqtt.message_size", Integer.toString(MAX_MESSAGE_BYTES));
        // Lets restart() rebind at once while connections of the previous run linger in TIME_WAIT.
        props.setProperty("netty.so_reuseaddr", "true");
        props.setProperty("buffer_flush_millis", "immediate");

        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(props));
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded broker could not start on port " + port, e);
        } catch (RuntimeException e) {
            // A failed bind leaves Moquette's thread pools and H2 file lock behind; release them.
            try {
                server.stopServer();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return server;
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // A leftover directory under java.io.tmpdir is harmless; failing close() or masking a start error is not.
        }
    }
}
