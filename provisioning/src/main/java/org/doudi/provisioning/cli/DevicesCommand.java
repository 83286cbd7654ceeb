package org.doudi.provisioning.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.doudi.central.CentralReceiver;
import org.doudi.central.DeviceStatuses;
import org.doudi.cli.ExitCodes;
import org.doudi.link.Backoff;
import org.doudi.link.LinkException;
import org.doudi.link.LinkSettings;
import org.doudi.link.LinkSupervisor;
import org.doudi.link.MqttLink;
import org.doudi.link.paho.PahoLink;
import org.doudi.logging.LogSetup;
import org.doudi.protocol.DeviceStatus;
import org.doudi.protocol.Json;
import org.doudi.protocol.Topics;
import org.doudi.record.DeviceIdentity;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"The fleet as the broker sees it: every device's retained status (online or offline, since "
                + "when, records not yet acknowledged by the centre, clock offset from the centre, agent version), read from "
                + "doudi/v1/+/+/status. Prints after --settle seconds and exits; --watch keeps printing changes.",
            "A status from an older connection than one already seen (a late last will) is ignored, as the inbox "
                + "does. No records are read."})
final class DevicesCommand implements Callable<Integer> {
    private static final Backoff RECONNECT_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private static final Duration STABLE_AFTER = Duration.ofSeconds(30);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The tool publishes nothing; the window only has to exist. */
    private static final int MAX_INFLIGHT = 1;
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** The will a device registers says this; it is written when the device connects. */
    private static final String WILL_REASON = DeviceStatus.lost(0, "", Instant.EPOCH).reason();

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--json", description = "One JSON object per device and line instead of a table.")
    boolean json;

    @Option(names = "--watch", description = "Keep running until Ctrl-C and print again when a status changes "
            + "(with --json: only the devices that changed).")
    boolean watch;

    @Option(names = "--settle", defaultValue = "2", paramLabel = "SECONDS",
            description = "How long to collect the retained statuses before printing (default ${DEFAULT-VALUE}).")
    int settle;

    @Option(names = "--every", defaultValue = "5", paramLabel = "SECONDS",
            description = "With --watch: how often to look for changes (default ${DEFAULT-VALUE}).")
    int every;

    @Override
    public Integer call() throws CommandException {
        if (settle < 0 || every < 1) {
            throw new ParameterException(spec.commandLine(), "--settle must be 0 or more and --every 1 or more");
        }
        LinkSettings settings = linkSettings();
        LogSetup.toStderr("warn");
        DeviceStatuses statuses = new DeviceStatuses();
        MqttLink link = new PahoLink();
        AtomicLong sessions = new AtomicLong();
        // The broker publishes a will only if the tool dies without saying goodbye. An empty retained message
        // on a topic of its own leaves nothing behind (it deletes whatever is retained there: nothing).
        LinkSettings.LastWill will = new LinkSettings.LastWill(CentralReceiver.statusTopic(settings.clientId()),
                new byte[0]);
        LinkSupervisor supervisor = new LinkSupervisor(link, settings, RECONNECT_BACKOFF, STABLE_AFTER,
                sessions::incrementAndGet, session -> will, new StatusListener(link, statuses),
                RandomGenerator.getDefault());
        try (UntilStopped running = new UntilStopped("devices"); supervisor) {
            supervisor.start();
            switch (FirstConnection.await(supervisor::state, running)) {
                case FAILED -> throw new CommandException(new CommandError.BrokerUnreachable(settings.brokerUrls()));
                case STOPPED -> {
                    return ExitCodes.OK;
                }
                case CONNECTED -> {
                }
            }
            if (running.stoppedWithin(Duration.ofSeconds(settle))) {
                return ExitCodes.OK;
            }
            Map<DeviceIdentity, DeviceStatus> shown = show(statuses.all(), Map.of(), true);
            while (watch && !running.stoppedWithin(Duration.ofSeconds(every))) {
                shown = show(statuses.all(), shown, false);
            }
        }
        return ExitCodes.OK;
    }

    /** A clean session under a client id of its own, so it never takes over an inbox's session. */
    private LinkSettings linkSettings() throws CommandException {
        List<String> urls = broker.urls(spec);
        Optional<BrokerOptions.Account> account = broker.account(spec);
        String clientId = "doudi-devices-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new LinkSettings(urls, clientId, account.map(BrokerOptions.Account::username),
                account.map(BrokerOptions.Account::password), broker.tls(spec), KEEP_ALIVE, CONNECT_TIMEOUT,
                MAX_INFLIGHT, false);
    }

    private record StatusListener(MqttLink link, DeviceStatuses statuses) implements LinkSupervisor.Listener {
        @Override
        public void connected(long session) throws LinkException {
            link.subscribe(Topics.ALL_STATUS);
        }

        @Override
        public void disconnected() {
            // The statuses seen so far stand; the retained ones come again on the next connection.
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
            if (statuses.note(topic, payload, Instant.now()) instanceof DeviceStatuses.Malformed m) {
                Logger.warn("Malformed status from device {} ignored: {}", m.device().deviceId(), m.problem());
            }
        }
    }

    /** Prints what changed since {@code shown} (all of it the first time); returns what is shown now. */
    private Map<DeviceIdentity, DeviceStatus> show(Map<DeviceIdentity, CentralReceiver.StatusView> latest,
            Map<DeviceIdentity, DeviceStatus> shown, boolean first) {
        Map<DeviceIdentity, DeviceStatus> now = new TreeMap<>(
                Comparator.comparing(DeviceIdentity::township).thenComparing(DeviceIdentity::deviceId));
        latest.forEach((device, view) -> now.put(device, view.status()));
        List<DeviceIdentity> changed = now.keySet().stream()
                .filter(device -> !now.get(device).equals(shown.get(device))).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            changed.forEach(device -> out.println(row(device, now.get(device))));
        } else if (first || !changed.isEmpty()) {
            printTable(out, now);
        }
        out.flush();
        return now;
    }

    /** Device clock minus the centre's, as the device measured it from acks: "+3s", "-2m", "ok" within a second. */
    static String clockOffset(java.time.Duration offset) {
        long seconds = offset.toSeconds();
        if (Math.abs(seconds) < 1) {
            return "ok";
        }
        String sign = seconds > 0 ? "+" : "-";
        long abs = Math.abs(seconds);
        return abs < 120 ? sign + abs + "s" : abs < 7200 ? sign + abs / 60 + "m" : sign + abs / 3600 + "h";
    }

    private static ObjectNode row(DeviceIdentity device, DeviceStatus status) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("township", device.township());
        node.put("device", device.deviceId());
        node.put("state", status.state().name().toLowerCase(Locale.ROOT));
        node.put("reason", status.reason());
        node.put("session", status.session());
        // The device's clock when it wrote the status; for a last will, when that connection began.
        node.put("at", status.at().toString());
        if (status.backlog() >= 0) {
            node.put("backlog", status.backlog());
        } else {
            node.putNull("backlog");
        }
        if (status.clockOffset().isPresent()) {
            node.put("clock_offset_ms", status.clockOffset().get().toMillis());
        } else {
            node.putNull("clock_offset_ms");
        }
        if (status.agentVersion().isBlank()) {
            node.putNull("agent_version");
        } else {
            node.put("agent_version", status.agentVersion());
        }
        return node;
    }

    private void printTable(PrintWriter out, Map<DeviceIdentity, DeviceStatus> fleet) {
        long online = fleet.values().stream().filter(s -> s.state() == DeviceStatus.State.ONLINE).count();
        out.println(fleet.isEmpty()
                ? "No device status on the broker (none published, or this account may not read doudi/v1/+/+/status)."
                : fleet.size() + " devices, " + online + " online, at " + LocalTime.now().format(CLOCK) + ":");
        if (fleet.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TOWNSHIP", "DEVICE", "STATE", "LAST SEEN", "BACKLOG", "CLOCK", "AGENT"});
        fleet.forEach((device, status) -> rows.add(new String[] {device.township(), device.deviceId(),
            state(status), lastSeen(status), status.backlog() >= 0 ? Long.toString(status.backlog()) : "?",
            status.clockOffset().map(DevicesCommand::clockOffset).orElse("?"),
            status.agentVersion().isBlank() ? "?" : status.agentVersion()}));
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String state(DeviceStatus status) {
        return status.state() == DeviceStatus.State.ONLINE ? "online" : "offline (" + status.reason() + ")";
    }

    /**
     * An online device is connected now, as far as the broker knows. A device that said goodbye was last
     * seen when it did; a last will was written when its connection began, so the device was seen after that.
     */
    private static String lastSeen(DeviceStatus status) {
        if (status.state() == DeviceStatus.State.ONLINE) {
            return "now";
        }
        String at = status.at().atZone(ZoneId.systemDefault()).format(LOCAL_TIME);
        return status.reason().equals(WILL_REASON) ? "after " + at : at;
    }
}
