package org.doudi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doudi.app.Agent;
import org.doudi.app.DataDirLock;
import org.doudi.config.AgentConfig;
import org.doudi.logging.LogSetup;
import org.doudi.outbox.IdentityMismatch;
import org.doudi.outbox.OutboxCounts;
import org.doudi.outbox.OutboxState;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.doudi.protocol.Json;
import org.doudi.sync.AgentFacts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the outbox: records by state, age of the oldest unsent one, link state, last publish.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<AgentConfig> resolved = ConfigOptions.resolveOrExplain(spec);
        if (resolved.isEmpty()) {
            return ExitCodes.USAGE;
        }
        AgentConfig config = resolved.get();
        if (!Files.exists(config.dataDir().resolve("outbox.db"))) {
            err.println("doudi: no outbox in " + config.dataDir() + " yet (nothing stored there); check --data-dir");
            return ExitCodes.FAILURE;
        }
        LogSetup.configure(config, "doudi-cli", false);
        boolean daemonRunning = DataDirLock.isHeld(config.dataDir());
        try (SqliteOutbox outbox = OutboxOpener.open(Agent.diskOptions(config), Optional.empty(), Optional.empty(),
                false).outbox()) {
            OutboxCounts counts = outbox.counts().withSending(daemonRunning
                    ? outbox.fact(AgentFacts.SENDING).map(Long::parseLong).orElse(0L) : 0L);
            Optional<Duration> oldestAge = counts.oldestPendingSince().map(t -> Duration.between(t, Instant.now()));
            String linkState = daemonRunning ? outbox.fact(AgentFacts.LINK_STATE).orElse("STARTING") : "NOT RUNNING";
            if (json) {
                ObjectNode node = Json.MAPPER.createObjectNode();
                node.put("device_id", outbox.identity().deviceId());
                node.put("township", outbox.identity().township());
                ObjectNode byState = node.putObject("records");
                for (OutboxState s : OutboxState.values()) {
                    byState.put(s.name().toLowerCase(java.util.Locale.ROOT), counts.count(s));
                }
                node.put("last_seq", counts.lastSeq());
                if (oldestAge.isPresent()) {
                    node.put("oldest_unacknowledged_age_seconds", oldestAge.get().toSeconds());
                } else {
                    node.putNull("oldest_unacknowledged_age_seconds");
                }
                node.put("agent_running", daemonRunning);
                node.put("link_state", linkState);
                outbox.fact(AgentFacts.LINK_SINCE).ifPresent(v -> node.put("link_since", v));
                outbox.fact(AgentFacts.LAST_PUBLISH).ifPresentOrElse(v -> node.put("last_publish", v),
                        () -> node.putNull("last_publish"));
                outbox.fact(AgentFacts.LAST_ALERT).ifPresent(v -> node.put("last_alert", v));
                node.put("last_command_number", outbox.fact(AgentFacts.COMMAND_NUMBER).map(Long::parseLong).orElse(0L));
                out.println(node.toString());
            } else {
                out.printf("device        %s (township %s)%n", outbox.identity().deviceId(), outbox.identity().township());
                out.printf("records       %d pending, %d sending, %d published, %d acknowledged (last seq %d)%n",
                        counts.count(OutboxState.PENDING), counts.count(OutboxState.SENDING),
                        counts.count(OutboxState.PUBLISHED), counts.count(OutboxState.ACKNOWLEDGED), counts.lastSeq());
                out.printf("oldest unacknowledged  %s%n", oldestAge.map(StatusCommand::human).orElse("none"));
                out.printf("link          %s%s%n", linkState,
                        daemonRunning ? outbox.fact(AgentFacts.LINK_SINCE).map(s -> " since " + s).orElse("") : "");
                out.printf("last publish  %s%n", outbox.fact(AgentFacts.LAST_PUBLISH).orElse("never"));
                outbox.fact(AgentFacts.LAST_ALERT).ifPresent(a -> out.printf("last alert    %s%n", a));
                out.printf("last command  %s%n", outbox.fact(AgentFacts.COMMAND_NUMBER).map(n -> "number " + n)
                        .orElse("none accepted"));
            }
            return ExitCodes.OK;
        } catch (IdentityMismatch | OutboxOpener.DamagedDatabase e) {
            err.println("doudi: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172800) {
            return s / 3600 + " h";
        }
        return s / 86400 + " days";
    }
}
