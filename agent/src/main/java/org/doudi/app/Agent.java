package org.doudi.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.doudi.clock.ClockTrust;
import org.doudi.command.CommandVerifier;
import org.doudi.config.AgentConfig;
import org.doudi.config.ConfigException;
import org.doudi.config.Settings;
import org.doudi.link.Backoff;
import org.doudi.link.LinkException;
import org.doudi.link.LinkSettings;
import org.doudi.link.LinkSupervisor;
import org.doudi.link.MqttLink;
import org.doudi.link.TokenBucket;
import org.doudi.link.paho.PahoLink;
import org.doudi.outbox.IdentityMismatch;
import org.doudi.outbox.Outbox;
import org.doudi.outbox.OutboxCounts;
import org.doudi.outbox.OutboxFull;
import org.doudi.outbox.Receipt;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.OutboxOptions;
import org.doudi.protocol.DeviceStatus;
import org.doudi.protocol.Json;
import org.doudi.protocol.Topics;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.PayloadRejected;
import org.doudi.record.PayloadValidator;
import org.doudi.record.RecordCapture;
import org.doudi.record.RecordType;
import org.doudi.security.Keys;
import org.doudi.sync.AckReceiver;
import org.doudi.sync.AgentFacts;
import org.doudi.sync.OutboxDrainer;
import org.tinylog.Logger;

/**
 * The running agent: the one place where the outbox, the MQTT link and capture are wired together.
 * Start it, submit records, close it; everything in between (reconnecting, draining, acknowledging,
 * purging) happens on its own threads.
 */
public final class Agent implements AutoCloseable {
    /** How often a connected agent renews its retained status: the fleet view's "last seen", backlog and clock. */
    static final Duration STATUS_REFRESH = Duration.ofSeconds(60);

    public static final String VERSION = Optional.ofNullable(Agent.class.getPackage().getImplementationVersion())
            .orElse("dev");

    /** The agent could not start; the message says why and what to do. */
    public static final class StartFailure extends Exception {
        public StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final DataDirLock lock;
    private final Outbox outbox;
    private final RecordCapture capture;
    private final GroupCommitter committer;
    private final MqttLink link;
    private final LinkSupervisor supervisor;
    private final OutboxDrainer drainer;
    private final Topics topics;
    private final CommandRunner commands;
    private final ScheduledExecutorService statusRefresh;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> stoppedItself = new CompletableFuture<>();

    private Agent(DataDirLock lock, Outbox outbox, RecordCapture capture, MqttLink link, LinkSupervisor supervisor,
            OutboxDrainer drainer, Topics topics, GroupCommitter committer, CommandRunner commands,
            ScheduledExecutorService statusRefresh) {
        this.commands = commands;
        this.statusRefresh = statusRefresh;
        this.lock = lock;
        this.outbox = outbox;
        this.capture = capture;
        this.link = link;
        this.supervisor = supervisor;
        this.drainer = drainer;
        this.topics = topics;
        this.committer = committer;
    }

    public static Agent start(AgentConfig config) throws StartFailure {
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(config.dataDir());
        } catch (DataDirLock.Held e) {
            throw new StartFailure(e.getMessage(), e);
        } catch (IOException e) {
            throw new StartFailure("cannot use the data directory " + config.dataDir() + ": " + e.getMessage(), e);
        }
        try {
            return wire(config, lock);
        } catch (StartFailure | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException ignored) {
                // Start already failed; the lock dies with the process anyway.
            }
            throw e;
        }
    }

    private static Agent wire(AgentConfig config, DataDirLock lock) throws StartFailure {
        Clock clock = Clock.systemUTC();
        ClockTrust clockTrust = ClockTrust.system();
        OutboxOpener.Opened opened;
        OutboxOptions options;
        Optional<Keys.CommandPublicKey> commandKey;
        Optional<Keys.DeviceSealingKey> sealingKey;
        try {
            options = outboxOptions(config);
            commandKey = ProtectionKeys.commandKey(config);
            sealingKey = ProtectionKeys.sealingKey(config);
        } catch (ConfigException e) {
            throw new StartFailure(e.getMessage(), e);
        }
        try {
            opened = OutboxOpener.open(options, config.optionalText(Settings.DEVICE_ID),
                    config.optionalText(Settings.TOWNSHIP), true);
        } catch (IdentityMismatch e) {
            throw new StartFailure(e.getMessage(), e);
        } catch (OutboxOpener.DamagedDatabase e) {
            throw new IllegalStateException("the daemon holds the lock and may always recover", e);
        }
        Outbox outbox = opened.outbox();
        DeviceIdentity identity = outbox.identity();
        if (OutboxOpener.UNASSIGNED_TOWNSHIP.equals(identity.township())) {
            Logger.warn("Device {} has no township assigned: its records go under township {} until it is "
                    + "enrolled with a fresh data directory", identity.deviceId(), OutboxOpener.UNASSIGNED_TOWNSHIP);
        }
        if (options.protection().isEmpty()) {
            Logger.warn("Device {} is not enrolled: records are stored and sent readable and unsigned",
                    identity.deviceId());
        }
        RecordCapture capture = capture(options, identity, clockTrust);
        opened.recovery().ifPresent(r -> raiseRecoveryAlert(outbox, capture, r));
        outbox.recoverInterruptedSends();

        Optional<byte[]> enrolment;
        try {
            enrolment = ProtectionKeys.enrolmentAnnouncement(config, identity, clock);
        } catch (ConfigException e) {
            throw new StartFailure(e.getMessage(), e);
        }
        Topics topics = new Topics(identity);
        MqttLink link = new PahoLink();
        int window = (int) config.integer(Settings.INFLIGHT_WINDOW);
        OutboxDrainer drainer = new OutboxDrainer(outbox, link, topics, new OutboxDrainer.Settings(window,
                config.duration(Settings.ACK_TIMEOUT), config.duration(Settings.RETENTION),
                config.duration(Settings.POLL_INTERVAL), Duration.ofSeconds(5), Duration.ofMinutes(10)),
                new TokenBucket(config.integer(Settings.DRAIN_RATE), (int) config.integer(Settings.DRAIN_BURST),
                        System::nanoTime), clock);
        AckReceiver acks = new AckReceiver(outbox, clockTrust);
        GroupCommitter committer = new GroupCommitter(outbox, drainer::recordsAppended);
        // The runner may stop the agent (wipe), which exists only once everything it needs is wired.
        CompletableFuture<Agent> self = new CompletableFuture<>();
        CommandVerifier verifier = new CommandVerifier(identity, commandKey, commandsSince(outbox, clock));
        CommandRunner commands = new CommandRunner(verifier, sealingKey, outbox, config,
                new CommandRunner.Effects() {
                    @Override
                    public void report(ObjectNode eventPayload) {
                        try {
                            committer.append(capture.capture(RecordType.EVENT, eventPayload));
                        } catch (PayloadRejected | OutboxFull e) {
                            throw new IllegalStateException("event not stored: " + e.getClass().getSimpleName(), e);
                        }
                    }

                    @Override
                    public void recordsRequeued() {
                        drainer.recordsAppended();
                    }

                    @Override
                    public void stopAndWipe() {
                        self.join().stopAndWipe(config);
                    }
                }, clock);
        LinkListener listener = new LinkListener(link, topics, drainer, acks, outbox, clock, clockTrust, enrolment,
                commands::received);
        // Paho's own window sits above ours, so its 32202 "too many in flight" remains a rare safety net.
        LinkSettings linkSettings = new LinkSettings(config.brokerUrls(), "doudi-" + identity.deviceId(),
                config.optionalText(Settings.BROKER_USERNAME), config.optionalText(Settings.BROKER_PASSWORD),
                tls(config), config.duration(Settings.KEEPALIVE), config.duration(Settings.CONNECT_TIMEOUT),
                window + 8, false);
        LinkSupervisor supervisor = new LinkSupervisor(link, linkSettings,
                new Backoff(config.duration(Settings.RECONNECT_INITIAL), config.duration(Settings.RECONNECT_MAX)),
                config.duration(Settings.RECONNECT_STABLE_AFTER), () -> nextSession(outbox),
                session -> new LinkSettings.LastWill(topics.status(),
                        DeviceStatus.lost(session, VERSION, clock.instant()).encode()),
                listener, RandomGenerator.getDefault());
        ScheduledExecutorService statusRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-refresh");
            t.setDaemon(true);
            return t;
        });
        statusRefresh.scheduleWithFixedDelay(listener::refreshStatus, STATUS_REFRESH.toSeconds(),
                STATUS_REFRESH.toSeconds(), TimeUnit.SECONDS);
        Agent agent = new Agent(lock, outbox, capture, link, supervisor, drainer, topics, committer, commands,
                statusRefresh);
        self.complete(agent);
        drainer.start();
        supervisor.start();
        Logger.info("Agent {} started for device {} (township {}), data in {}", VERSION, identity.deviceId(),
                identity.township(), config.dataDir());
        return agent;
    }

    /**
     * The outbox's disk rules and the device's protection from configuration; the CLI opens the outbox
     * with the same ones.
     */
    public static OutboxOptions outboxOptions(AgentConfig config) throws ConfigException {
        OutboxOptions options = diskOptions(config);
        return ProtectionKeys.load(config).map(options::withProtection).orElse(options);
    }

    /** The disk rules alone: enough for whoever only reads the outbox. */
    public static OutboxOptions diskOptions(AgentConfig config) {
        OutboxOptions defaults = OutboxOptions.defaults(config.dataDir());
        return new OutboxOptions(config.dataDir(), config.integer(Settings.REFUSE_BELOW_MB) << 20,
                config.integer(Settings.SHED_BELOW_MB) << 20, config.integer(Settings.RESERVE_MB) << 20,
                config.integer(Settings.MAX_SIZE_MB) << 20, defaults.freeSpace(), defaults.clock());
    }

    /** What captures records for this outbox: sealing them when the device is enrolled. */
    public static RecordCapture capture(OutboxOptions options, DeviceIdentity identity, ClockTrust clockTrust) {
        return new RecordCapture(new PayloadValidator(), clockTrust,
                options.protection().map(p -> p.sealingFor(identity)));
    }

    private static Optional<LinkSettings.Tls> tls(AgentConfig config) {
        boolean wanted = config.brokerUrls().stream().anyMatch(u -> u.startsWith("ssl://"));
        if (!wanted) {
            return Optional.empty();
        }
        return Optional.of(new LinkSettings.Tls(config.optionalText(Settings.TLS_CA_FILE).map(java.nio.file.Path::of),
                config.optionalText(Settings.TLS_CLIENT_KEYSTORE).map(java.nio.file.Path::of),
                config.optionalText(Settings.TLS_CLIENT_KEYSTORE_PASSWORD)));
    }

    private static Instant commandsSince(Outbox outbox, Clock clock) {
        Optional<String> since = outbox.fact(AgentFacts.COMMANDS_SINCE);
        if (since.isPresent()) {
            return Instant.parse(since.get());
        }
        // Whole seconds, as commands are issued: one issued in the same second as the first start is not refused.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        outbox.putFact(AgentFacts.COMMANDS_SINCE, now.toString());
        return now;
    }

    private static long nextSession(Outbox outbox) {
        long next = outbox.fact(AgentFacts.SESSION).map(Long::parseLong).orElse(0L) + 1;
        outbox.putFact(AgentFacts.SESSION, Long.toString(next));
        return next;
    }

    private static void raiseRecoveryAlert(Outbox outbox, RecordCapture capture, OutboxOpener.Recovery r) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.put("name", "outbox.recovered");
        payload.put("level", "alert");
        ObjectNode details = payload.putObject("details");
        details.put("reason", r.reason());
        details.put("moved_aside_to", r.movedAsideTo());
        details.put("salvaged_records", r.salvaged());
        r.salvagedSeqs().ifPresent(range -> details.put("salvaged_seqs", range.toString()));
        details.put("resumed_at_seq", r.resumedAtSeq());
        try {
            outbox.append(java.util.List.of(capture.capture(RecordType.EVENT, payload)));
        } catch (PayloadRejected | OutboxFull e) {
            Logger.error("Could not queue the recovery alert: {}", e.getMessage());
        }
        outbox.putFact(AgentFacts.LAST_ALERT, "outbox recovered: " + r.reason() + ", " + r.salvaged()
                + " records salvaged, damaged file kept as " + r.movedAsideTo());
    }

    /** Validates, stamps and durably stores one record; returns once it is on disk. */
    public Receipt submit(RecordType type, JsonNode payload) throws PayloadRejected, OutboxFull {
        return committer.append(capture.capture(type, payload));
    }

    public DeviceIdentity identity() {
        return outbox.identity();
    }

    public Topics topics() {
        return topics;
    }

    public OutboxCounts counts() {
        return outbox.counts();
    }

    public LinkSupervisor.State linkState() {
        return supervisor.state();
    }

    public long publishedTotal() {
        return drainer.publishedTotal();
    }

    /** Completes when the agent stopped on its own: after an office's {@code wipe} command. */
    public CompletableFuture<Void> stoppedItself() {
        return stoppedItself.copy();
    }

    private void stopAndWipe(AgentConfig config) {
        close();
        try {
            Wipe.Report report = Wipe.run(config);
            Logger.warn("Wiped by the office's command: {} files destroyed, configuration reset: {}",
                    report.destroyed().size(), report.configReset().isPresent());
        } catch (DataDirLock.Held | IOException e) {
            Logger.error("The office's wipe command stopped part-way ({}); run ./doudi wipe on the device",
                    e.getClass().getSimpleName());
        }
        stoppedItself.complete(null);
    }

    /** Planned shutdown: say "offline" on purpose, finish what is in hand, close the outbox. Closing twice does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        statusRefresh.shutdownNow();
        commands.close();
        committer.close();
        supervisor.stop(() -> {
            try {
                link.publish(topics.status(), DeviceStatus.shutdown(outbox.fact(AgentFacts.SESSION)
                        .map(Long::parseLong).orElse(0L), VERSION, Clock.systemUTC().instant(),
                        outbox.counts().unacknowledged()).encode(), true, MqttLink.Delivery.IGNORED);
            } catch (LinkException e) {
                Logger.debug("Could not announce shutdown: {}", e.getMessage());
            }
        });
        drainer.close();
        link.close();
        outbox.putFact(AgentFacts.LINK_STATE, LinkSupervisor.State.STOPPED.name());
        outbox.close();
        try {
            lock.close();
        } catch (IOException e) {
            Logger.debug("Data directory lock release failed: {}", e.getMessage());
        }
        Logger.info("Agent stopped");
    }
}
