package org.doudi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doudi.app.Agent;
import org.doudi.app.DataDirLock;
import org.doudi.clock.ClockTrust;
import org.doudi.config.AgentConfig;
import org.doudi.config.ConfigException;
import org.doudi.config.Settings;
import org.doudi.logging.LogSetup;
import org.doudi.outbox.IdentityMismatch;
import org.doudi.outbox.OutboxFull;
import org.doudi.outbox.Receipt;
import org.doudi.outbox.sqlite.OutboxOpener;
import org.doudi.outbox.sqlite.OutboxOptions;
import org.doudi.outbox.sqlite.SqliteOutbox;
import org.doudi.protocol.Json;
import org.doudi.protocol.MalformedMessage;
import org.doudi.record.NewRecord;
import org.doudi.record.PayloadRejected;
import org.doudi.record.RecordCapture;
import org.doudi.record.RecordType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "enqueue", mixinStandardHelpOptions = true,
        description = {"Store records read from standard input, one JSON payload per line, and print one record_id "
                + "per stored line. Works whether or not 'doudi run' is running on the same data directory; a running "
                + "agent sends them within a second.",
            "Lines are stored in groups of " + EnqueueCommand.GROUP + ": a refused line stops the run; the groups "
                + "before it stay stored (their ids are printed), nothing from its group on is stored."})
final class EnqueueCommand implements Callable<Integer> {
    static final int GROUP = 500;

    @Spec
    CommandSpec spec;

    @Option(names = "--type", required = true, paramLabel = "TYPE",
            description = "Record type of every line: application, welfare_check, daily_report, help_request or event.")
    String type;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<RecordType> recordType = RecordType.fromWireName(type);
        if (recordType.isEmpty()) {
            err.println("doudi: unknown --type '" + type + "'; use one of " + RecordType.wireNames());
            return ExitCodes.USAGE;
        }
        Optional<AgentConfig> resolved = ConfigOptions.resolveOrExplain(spec);
        if (resolved.isEmpty()) {
            return ExitCodes.USAGE;
        }
        AgentConfig config = resolved.get();
        LogSetup.configure(config, "doudi-cli", false);
        OutboxOpener.Opened opened;
        OutboxOptions options;
        try {
            options = Agent.outboxOptions(config);
        } catch (ConfigException e) {
            err.println("doudi: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            opened = OutboxOpener.open(options, config.optionalText(Settings.DEVICE_ID),
                    config.optionalText(Settings.TOWNSHIP), !DataDirLock.isHeld(config.dataDir()));
        } catch (IdentityMismatch | OutboxOpener.DamagedDatabase e) {
            err.println("doudi: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        try (SqliteOutbox outbox = opened.outbox()) {
            return storeLines(outbox, Agent.capture(options, outbox.identity(), ClockTrust.system()), recordType.get());
        }
    }

    private int storeLines(SqliteOutbox outbox, RecordCapture capture, RecordType recordType) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<NewRecord> group = new ArrayList<>(GROUP);
        long lineNumber = 0;
        long stored = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode payload = Json.parse(line.getBytes(StandardCharsets.UTF_8), "line " + lineNumber);
                group.add(capture.capture(recordType, payload));
            } catch (MalformedMessage | PayloadRejected e) {
                err.println("doudi: line " + lineNumber + " refused: " + e.getMessage());
                err.println("doudi: " + stored + " records stored before it; nothing from line "
                        + (lineNumber - group.size()) + " on was stored. Fix the line and enqueue the rest again.");
                return ExitCodes.REJECTED_INPUT;
            }
            if (group.size() == GROUP) {
                Integer failed = storeGroup(outbox, group, out, err);
                if (failed != null) {
                    return failed;
                }
                stored += GROUP;
                group.clear();
            }
        }
        Integer failed = storeGroup(outbox, group, out, err);
        return failed == null ? ExitCodes.OK : failed;
    }

    private static Integer storeGroup(SqliteOutbox outbox, List<NewRecord> group, PrintWriter out, PrintWriter err) {
        try {
            for (Receipt r : outbox.append(group)) {
                out.println(r.recordId());
            }
            out.flush();
            return null;
        } catch (OutboxFull e) {
            err.println("doudi: cannot save: " + e.getMessage());
            return ExitCodes.OUTBOX_FULL;
        }
    }
}
