package org.doudi.provisioning.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doudi.central.CentralReceiver;
import org.doudi.central.Enrolments;
import org.doudi.central.GapResends;
import org.doudi.central.ReceivedStore;
import org.doudi.central.ReceivedStoreFailure;
import org.doudi.central.ReceiverSettings;
import org.doudi.cli.ExitCodes;
import org.doudi.link.paho.PahoLink;
import org.doudi.logging.LogSetup;
import org.doudi.protocol.DeviceStatus;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityError;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.enrolment.DeviceRecords;
import org.doudi.provisioning.enrolment.EnrolledDevices;
import org.doudi.record.SeqRange;
import org.doudi.security.CentreProtection;
import org.doudi.security.Keys;
import org.doudi.security.UnusableKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "inbox", mixinStandardHelpOptions = true,
        description = {"Run the centre's inbox until Ctrl-C: take every device's records off the broker, store them "
                + "idempotently by record_id, and acknowledge them to their devices once stored (docs/inbox.md).",
            "Prints a line of counts every few seconds, never a record's content. Ctrl-C stores what is queued, "
                + "sends the acks due, and stops."})
final class InboxCommand implements Callable<Integer> {
    static final String DEFAULT_CLIENT_ID = "doudi-inbox";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Mixin
    GapResendOptions gapResends;

    @Option(names = "--store", required = true, paramLabel = "STORE",
            description = "Where records are kept: " + StoreLocation.FORMS + ". A SQLite file is created if "
                    + "missing; in PostgreSQL the tables are created in --schema. No password in the URL: "
                    + "PostgreSQL's driver reads ~/.pgpass.")
    String store;

    @Option(names = "--schema", paramLabel = "NAME",
            description = "PostgreSQL schema for the tables (default: doudi), created if missing.")
    String schema;

    @Option(names = "--client-id", defaultValue = DEFAULT_CLIENT_ID, paramLabel = "ID",
            description = "MQTT client id, stable across restarts so the broker keeps the session's queue "
                    + "(default: ${DEFAULT-VALUE}); with a generated broker account, its name.")
    String clientId;

    @Option(names = "--clean-session",
            description = "Start a clean MQTT session and leave none behind: for trials on a shared broker. Records "
                    + "published while the inbox is down then come only when their devices resend them.")
    boolean cleanSession;

    @Option(names = "--shared-group", paramLabel = "NAME",
            description = "Share the records among several inboxes (MQTT shared subscription $share/NAME/...), all "
                    + "storing into the same PostgreSQL store; acks and gaps are read from it. Mosquitto and EMQX "
                    + "support this; NATS does not.")
    String sharedGroup;

    @Option(names = "--authority", paramLabel = "DIR",
            description = "The office's authority directory: records must then come sealed and signed from devices it "
                    + "added; devices' enrolment announcements pin their keys in DIR/devices (docs/provisioning.md); "
                    + "seq gaps that persist are asked for again with signed resend commands (docs/inbox.md).")
    Path authorityDir;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "File whose first line is the passphrase of the authority's keys, if they are encrypted.")
    Path passphraseFile;

    @Option(names = "--accept-unsealed",
            description = "With --authority, also store readable records of devices not enrolled (a fleet migrating).")
    boolean acceptUnsealed;

    @Option(names = "--summary-every", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds between two summary lines (default ${DEFAULT-VALUE}).")
    int summaryEvery;

    @Override
    public Integer call() throws CommandException, AuthorityException {
        if (summaryEvery < 1) {
            throw new ParameterException(spec.commandLine(), "--summary-every must be 1 or more");
        }
        ReceiverSettings settings = settings();
        Optional<GapResends> resends = gapResends.load(authorityDir, passphraseFile);
        StoreLocation location;
        try {
            location = StoreLocation.parse(store, schema);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (authorityDir == null && (passphraseFile != null || acceptUnsealed)) {
            throw new ParameterException(spec.commandLine(), "--passphrase-file and --accept-unsealed go with --authority");
        }
        Optional<EnrolledDevices> devices = Optional.empty();
        Optional<CentreProtection> protection = Optional.empty();
        if (authorityDir != null) {
            Authority office = Authority.load(authorityDir);
            Keys.CentralPrivateKey sealing = sealingKey(office);
            EnrolledDevices enrolled = new EnrolledDevices(new DeviceRecords(office), Clock.systemUTC());
            devices = Optional.of(enrolled);
            protection = Optional.of(new CentreProtection(sealing, enrolled::key, acceptUnsealed));
        }
        LogSetup.toStderr("info");
        PrintWriter out = spec.commandLine().getOut();
        try (UntilStopped running = new UntilStopped("inbox")) {
            CentralReceiver receiver = new CentralReceiver(settings, open(location), protection,
                    devices.map(Enrolments.class::cast), new PahoLink(), Clock.systemUTC());
            try {
                resends.ifPresent(receiver::resendGaps);
                start(receiver, location);
                switch (FirstConnection.await(() -> receiver.stats().link(), running)) {
                    case FAILED -> throw new CommandException(new CommandError.BrokerUnreachable(settings.brokerUrls()));
                    case STOPPED -> {
                        return ExitCodes.OK;
                    }
                    case CONNECTED -> {
                    }
                }
                out.println("Inbox " + settings.clientId() + " receiving from "
                        + String.join(", ", settings.brokerUrls()) + " into " + location.display()
                        + "; Ctrl-C stops it.");
                out.flush();
                Duration every = Duration.ofSeconds(summaryEvery);
                while (!running.stoppedWithin(every)) {
                    out.println(summary(receiver.stats()));
                    out.flush();
                }
                out.println("Stopping: storing what is queued and sending the acks due...");
                out.flush();
            } finally {
                receiver.close();
            }
            out.println(summary(receiver.stats()));
            out.println("Inbox stopped.");
            out.flush();
        }
        return ExitCodes.OK;
    }

    private ReceiverSettings settings() throws CommandException {
        ReceiverSettings settings;
        try {
            settings = ReceiverSettings.defaults(broker.urls(spec), clientId);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--client-id: " + e.getMessage());
        }
        Optional<BrokerOptions.Account> account = broker.account(spec);
        if (account.isPresent()) {
            settings = settings.withCredentials(account.get().username(), account.get().password());
        }
        settings = broker.tls(spec).map(settings::withTls).orElse(settings);
        if (sharedGroup != null) {
            try {
                settings = settings.withSharedSubscription(sharedGroup);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--shared-group: " + e.getMessage());
            }
        }
        return cleanSession ? settings.withCleanSession() : settings;
    }

    private Keys.CentralPrivateKey sealingKey(Authority office) throws CommandException, AuthorityException {
        try {
            return Keys.centralPrivateKey(office.privateKeyInfo(KeyRole.SEALING,
                    AuthorityOptions.readPassphrase(passphraseFile)));
        } catch (UnusableKey e) {
            throw new AuthorityException(new AuthorityError.Damaged(office.privateKeyFile(KeyRole.SEALING),
                    "an X25519 private key"));
        }
    }

    private static ReceivedStore open(StoreLocation location) throws CommandException {
        try {
            return location.open();
        } catch (ReceivedStoreFailure e) {
            throw new CommandException(new CommandError.StoreUnavailable(location.display(), e.getMessage()));
        }
    }

    private static void start(CentralReceiver receiver, StoreLocation location) throws CommandException {
        try {
            receiver.start();
        } catch (ReceivedStoreFailure e) {
            throw new CommandException(new CommandError.StoreUnavailable(location.display(), e.getMessage()));
        }
    }

    /** Counts only: no record, payload or person appears in it. */
    static String summary(CentralReceiver.Stats stats) {
        long online = stats.devices().values().stream()
                .filter(view -> view.status().map(s -> s.status().state() == DeviceStatus.State.ONLINE).orElse(false))
                .count();
        List<List<SeqRange>> gapsByDevice = stats.devices().values().stream()
                .map(CentralReceiver.DeviceView::gaps).filter(gaps -> !gaps.isEmpty()).toList();
        long gaps = gapsByDevice.stream().mapToLong(List::size).sum();
        long missing = gapsByDevice.stream().flatMap(List::stream).mapToLong(SeqRange::size).sum();
        StringBuilder line = new StringBuilder()
                .append(LocalTime.now().format(CLOCK))
                .append(" stored ").append(stats.stored())
                .append(" (resent ").append(stats.duplicates())
                .append(", conflicts ").append(stats.conflicts())
                .append(", malformed ").append(stats.malformed())
                .append(", refused ").append(stats.refused()).append(')')
                .append(" | devices ").append(stats.devices().size()).append(", online ").append(online)
                .append(" | gaps ").append(gaps);
        if (gaps > 0) {
            line.append(" (").append(missing).append(" seqs in ").append(gapsByDevice.size()).append(" devices)");
        }
        if (stats.storeFailures() > 0 || stats.shed() > 0) {
            line.append(" | not stored ").append(stats.storeFailures() + stats.shed())
                    .append(", devices will resend");
        }
        return line.append(" | broker ").append(stats.link().name().toLowerCase(java.util.Locale.ROOT)).toString();
    }
}
