package org.doudi.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.doudi.command.BrokerCredentials;
import org.doudi.command.Command;
import org.doudi.command.CommandAction;
import org.doudi.command.CommandCheck;
import org.doudi.command.CommandRefusal;
import org.doudi.command.CommandVerifier;
import org.doudi.config.AgentConfig;
import org.doudi.config.ConfigException;
import org.doudi.config.ConfigFile;
import org.doudi.config.Setting;
import org.doudi.config.Settings;
import org.doudi.outbox.Outbox;
import org.doudi.protocol.Json;
import org.doudi.security.Keys;
import org.doudi.security.UnreadablePayload;
import org.doudi.sync.AgentFacts;
import org.tinylog.Logger;

/**
 * Runs the office's commands on a thread of its own: the MQTT event thread only hands the message over,
 * since a resend or a wipe takes far longer than a callback may. Every outcome is reported to the centre
 * as an {@code event} record ({@code command.accepted} or {@code command.refused}, with the command id
 * and the reason) — never a configuration value or a secret.
 */
final class CommandRunner implements AutoCloseable {
    /** Settings a remote {@code config} command may change: pacing, timing and logging, nothing about trust. */
    static final Set<Setting> REMOTELY_CONFIGURABLE = Set.of(Settings.DRAIN_RATE, Settings.DRAIN_BURST,
            Settings.ACK_TIMEOUT, Settings.RETENTION, Settings.RECONNECT_INITIAL, Settings.RECONNECT_MAX,
            Settings.KEEPALIVE, Settings.LOG_LEVEL, Settings.LOG_LEVELS, Settings.LOG_CONSOLE_LEVEL);
    /** How long a wipe waits for the centre to acknowledge what is queued (its own report included). */
    static final Duration WIPE_GRACE = Duration.ofSeconds(30);
    /** Commands come one by one; more than a few waiting means a flood, not an office. */
    private static final int QUEUE = 8;

    /** Where the runner's effects land outside the outbox; the agent in production, fakes in tests. */
    interface Effects {
        /** Stores an event record for the centre (returns once stored). */
        void report(ObjectNode eventPayload);

        /** Records were put back to pending: send them. */
        void recordsRequeued();

        /** Stops the agent and runs {@link Wipe}; called on the runner's thread, which it may outlive. */
        void stopAndWipe();
    }

    private final CommandVerifier verifier;
    private final Optional<Keys.DeviceSealingKey> sealingKey;
    private final Outbox outbox;
    private final AgentConfig config;
    private final Effects effects;
    private final Clock clock;
    private final ThreadPoolExecutor thread;

    CommandRunner(CommandVerifier verifier, Optional<Keys.DeviceSealingKey> sealingKey, Outbox outbox,
            AgentConfig config, Effects effects, Clock clock) {
        this.verifier = verifier;
        this.sealingKey = sealingKey;
        this.outbox = outbox;
        this.config = config;
        this.effects = effects;
        this.clock = clock;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "commands");
            t.setDaemon(true);
            return t;
        });
    }

    /** Called on the link's event thread: hands over and returns at once. */
    void received(byte[] message) {
        if (message.length == 0) {
            // MQTT's way of deleting a retained message (the office clearing a command): not a command.
            return;
        }
        try {
            thread.execute(() -> handle(message));
        } catch (RejectedExecutionException e) {
            Logger.warn("Command dropped: {} already waiting or the agent is stopping", QUEUE);
        }
    }

    void handle(byte[] message) {
        long highest = outbox.fact(AgentFacts.COMMAND_NUMBER).map(Long::parseLong).orElse(0L);
        switch (verifier.check(message, highest, clock.instant())) {
            case CommandCheck.AlreadyRun already -> Logger.debug("Command {} already run", already.commandId());
            case CommandCheck.Refused r -> refuse(r.reason(), r.commandId().orElse(digest(message)), r.commandId(),
                    Optional.empty(), r.detail());
            case CommandCheck.Accepted a -> run(a.command().command());
        }
    }

    private void run(Command c) {
        Map<String, String> configValues;
        switch (readiness(c)) {
            case Readiness.Unsupported(String why) -> {
                refuse(CommandRefusal.UNSUPPORTED, c.commandId(), Optional.of(c.commandId()),
                        Optional.of(c.action().wireName()), why);
                return;
            }
            case Readiness.Ready(Map<String, String> values) -> configValues = values;
        }
        // The number is kept before anything runs: a command that was cut short is not run twice.
        outbox.putFact(AgentFacts.COMMAND_NUMBER, Long.toString(c.number()));
        ObjectNode details = details(c.commandId(), Optional.of(c.action().wireName()));
        details.put("number", c.number());
        try {
            switch (c.action()) {
                case CommandAction.Resend r -> {
                    Outbox.Resent resent = outbox.resend(r.range());
                    details.put("first", r.range().first());
                    details.put("last", r.range().last());
                    details.put("requeued", resent.requeued());
                    details.put("gone", resent.gone());
                    effects.recordsRequeued();
                }
                case CommandAction.ConfigUpdate u -> writeConfig(c, configValues, details);
                // The same atomic write as config; the report names the keys, never the password.
                case CommandAction.RotateCredentials r -> writeConfig(c, configValues, details);
                case CommandAction.Wipe w -> details.put("applies", "now: the device stops and wipes itself");
            }
        } catch (IOException e) {
            refuse(CommandRefusal.UNSUPPORTED, c.commandId(), Optional.of(c.commandId()),
                    Optional.of(c.action().wireName()), "the configuration file could not be written ("
                            + e.getClass().getSimpleName() + ")");
            return;
        }
        report("command.accepted", "info", c.commandId(), details);
        Logger.info("Command {} ({}, number {}) accepted", c.commandId(), c.action().wireName(), c.number());
        if (c.action() instanceof CommandAction.Wipe) {
            awaitAcknowledged();
            effects.stopAndWipe();
        }
    }

    private void writeConfig(Command c, Map<String, String> values, ObjectNode details) throws IOException {
        ConfigFile.update(config.file().orElseThrow(), values, Set.of(),
                "Changed by command " + c.commandId() + " at " + clock.instant());
        new TreeSet<>(values.keySet()).forEach(details.putArray("keys")::add);
        details.put("applies", "at the next start of the agent");
    }

    /** Whether the device can run a command, checked before it is accepted; and what it writes to the config file. */
    private sealed interface Readiness {
        record Ready(Map<String, String> configValues) implements Readiness {
            // Holds the new broker password when rotating: the record's own toString would print it.
            @Override
            public String toString() {
                return "Ready[keys " + configValues.keySet() + "]";
            }
        }

        record Unsupported(String why) implements Readiness {
        }
    }

    private Readiness readiness(Command c) {
        return switch (c.action()) {
            case CommandAction.RotateCredentials r -> credentials(c, r);
            case CommandAction.ConfigUpdate u -> configProblem(u.values())
                    .<Readiness>map(Readiness.Unsupported::new).orElse(new Readiness.Ready(u.values()));
            case CommandAction.Resend r -> new Readiness.Ready(Map.of());
            case CommandAction.Wipe w -> new Readiness.Ready(Map.of());
        };
    }

    /** The new broker account as config values, once the sealed credentials open with this device's key. */
    private Readiness credentials(Command c, CommandAction.RotateCredentials r) {
        if (sealingKey.isEmpty()) {
            return new Readiness.Unsupported("this device has no sealing key (" + Settings.SECURITY_DEVICE_SEALING_KEY.key()
                    + " is not set: enrolled by an older version), so it cannot open new credentials; re-enrol it");
        }
        if (config.file().isEmpty()) {
            return new Readiness.Unsupported("the agent runs without a configuration file to write");
        }
        try {
            BrokerCredentials credentials = BrokerCredentials.open(sealingKey.get(), r.credentials(), c.commandId(),
                    c.target());
            return new Readiness.Ready(Map.of(Settings.BROKER_USERNAME.key(), credentials.username(),
                    Settings.BROKER_PASSWORD.key(), credentials.password()));
        } catch (UnreadablePayload e) {
            return new Readiness.Unsupported("the sealed credentials do not open: " + e.getMessage());
        }
    }

    private Optional<String> configProblem(Map<String, String> values) {
        if (config.file().isEmpty()) {
            return Optional.of("the agent runs without a configuration file to write");
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            Setting s = Settings.BY_KEY.get(e.getKey());
            if (s == null || !REMOTELY_CONFIGURABLE.contains(s)) {
                return Optional.of("key " + e.getKey() + " may not be changed remotely");
            }
            // The rule's verdict names what is wrong without repeating the value.
            String problem = s.rule().problemWith(e.getValue().trim());
            if (problem != null) {
                return Optional.of(e.getKey() + ": " + problem + "; allowed: " + s.allowed());
            }
        }
        try {
            config.with(values);
        } catch (ConfigException e) {
            return Optional.of("the values conflict with other settings (e.g. reconnect.max-delay below "
                    + "reconnect.initial-delay)");
        }
        return Optional.empty();
    }

    private void refuse(CommandRefusal reason, String reportKey, Optional<String> commandId, Optional<String> type,
            String detail) {
        Logger.warn("Command {} refused, {}: {}", commandId.orElse("(unreadable)"), reason.wireName(), detail);
        if (outbox.fact(AgentFacts.COMMAND_REPORTED).filter(reportKey::equals).isPresent()) {
            return;
        }
        ObjectNode details = details(commandId.orElse(""), type);
        details.put("reason", reason.wireName());
        details.put("detail", detail);
        report("command.refused", "warning", reportKey, details);
    }

    private static ObjectNode details(String commandId, Optional<String> type) {
        ObjectNode details = Json.MAPPER.createObjectNode();
        details.put("command_id", commandId);
        type.ifPresent(t -> details.put("type", t));
        return details;
    }

    private void report(String name, String level, String reportKey, ObjectNode details) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.put("name", name);
        payload.put("level", level);
        payload.set("details", details);
        try {
            effects.report(payload);
            outbox.putFact(AgentFacts.COMMAND_REPORTED, reportKey);
        } catch (RuntimeException e) {
            Logger.error("Could not queue the report of command {} ({})", details.path("command_id").asText(),
                    e.getClass().getSimpleName());
        }
    }

    private void awaitAcknowledged() {
        long deadline = System.nanoTime() + WIPE_GRACE.toNanos();
        while (outbox.counts().unacknowledged() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Names an unreadable message in reports: the same message is reported once. */
    private static String digest(byte[] message) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static boolean onRunnerThread() {
        return Thread.currentThread().getName().equals("commands");
    }

    @Override
    public void close() {
        thread.shutdown();
        if (!onRunnerThread()) {
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
