package org.doudi.provisioning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.doudi.central.CentralReceiver;
import org.doudi.cli.ExitCodes;
import org.doudi.command.CommandAction;
import org.doudi.link.LinkException;
import org.doudi.link.LinkSettings;
import org.doudi.link.MqttLink;
import org.doudi.link.paho.PahoLink;
import org.doudi.logging.LogSetup;
import org.doudi.protocol.Topics;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.command.OfficeCommands;
import org.doudi.provisioning.enrolment.DeviceRecords;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.SeqRange;
import org.doudi.security.Keys;
import org.doudi.security.UnusableKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "command", mixinStandardHelpOptions = true,
        description = {"Send one signed command to one device, retained on its cmd topic so that it finds the command "
                + "when it next connects (docs/protocol.md, \"Commands\"). The device reports the outcome as a "
                + "command.accepted or command.refused event.",
            "  resend FIRST-LAST     send the records of this seq range again",
            "  config KEY=VALUE...   change pacing, timing or log settings, applied at the device's next start",
            "  wipe                  destroy the device's keys and data (as ./doudi wipe)",
            "  rotate-credentials    a new random broker password, sealed to the device's pinned sealing key; "
                    + "its new line is written to devices/<id>/mosquitto-passwd, to install in the broker once the "
                    + "device reported command.accepted (docs/provisioning.md)"})
final class SendCommand implements Callable<Integer> {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PUBACK_PATIENCE = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Mixin
    AuthorityOptions authority;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--device", required = true, paramLabel = "ID", description = "The device's id.")
    String device;

    @Option(names = "--township", required = true, paramLabel = "CODE", description = "The device's township code.")
    String township;

    @Option(names = "--valid-for", defaultValue = "24", paramLabel = "HOURS",
            description = "Hours after which the device refuses the command as expired (default ${DEFAULT-VALUE}).")
    int validHours;

    @Parameters(index = "0", paramLabel = "TYPE", description = "resend, config, wipe or rotate-credentials.")
    String type;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARG", description = "FIRST-LAST for resend; KEY=VALUE for config.")
    List<String> args = List.of();

    @Override
    public Integer call() throws AuthorityException, CommandException {
        DeviceIdentity target;
        try {
            target = new DeviceIdentity(device, township);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--device or --township: " + e.getMessage());
        }
        if (validHours < 1) {
            throw new ParameterException(spec.commandLine(), "--valid-for must be 1 hour or more");
        }
        Authority office = authority.load();
        DeviceRecords records = new DeviceRecords(office);
        // Checked before any key is decrypted or number taken: a device that cannot open it gets nothing.
        Request request = request(records, target);
        List<String> urls = broker.urls(spec);
        Optional<BrokerOptions.Account> account = broker.account(spec);
        Optional<LinkSettings.Tls> tls = broker.tls(spec);
        OfficeCommands commands = OfficeCommands.open(office,
                AuthorityOptions.readPassphrase(authority.passphraseFile), Duration.ofHours(validHours),
                Clock.systemUTC());
        LogSetup.toStderr("warn");
        String clientId = "doudi-command-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        LinkSettings settings = new LinkSettings(urls, clientId, account.map(BrokerOptions.Account::username),
                account.map(BrokerOptions.Account::password), tls, Duration.ofSeconds(30), CONNECT_TIMEOUT, 1, false);
        try (MqttLink link = new PahoLink()) {
            try {
                // An empty retained will on a topic of its own leaves nothing behind if the tool dies.
                link.connect(settings, new LinkSettings.LastWill(CentralReceiver.statusTopic(clientId), new byte[0]),
                        new MqttLink.Events() {
                            @Override
                            public void connectionLost(Throwable cause) {
                            }

                            @Override
                            public void messageArrived(String topic, byte[] payload) {
                            }
                        });
            } catch (LinkException e) {
                throw new CommandException(new CommandError.BrokerUnreachable(urls));
            }
            // The number is taken only once the broker is reachable: a failed connection wastes none.
            PrintWriter out = spec.commandLine().getOut();
            OfficeCommands.Issued issued = switch (request) {
                case Request.Plain(CommandAction action) -> {
                    OfficeCommands.Issued plain = commands.issue(target, action);
                    publish(link, new Topics(target).command(), plain.message(), device);
                    yield plain;
                }
                case Request.Rotation(Keys.DeviceSealingPublicKey sealingKey) -> {
                    OfficeCommands.Rotation rotation = commands.rotateCredentials(target, sealingKey);
                    // Written first, as the password exists nowhere else: were it written after a publish that
                    // the device then runs, a failed write would lock the device out at its next start.
                    String previous = records.replacePasswordLine(target, rotation.passwordLine());
                    try {
                        publish(link, new Topics(target).command(), rotation.issued().message(), device);
                    } catch (CommandException e) {
                        records.replacePasswordLine(target, previous);
                        throw e;
                    }
                    yield rotation.issued();
                }
            };
            link.disconnect(Duration.ofSeconds(2));
            out.printf("Sent %s command %s (number %d) to device %s of township %s; retained, it expires at %s%n",
                    issued.command().action().wireName(), issued.command().commandId(), issued.command().number(),
                    device, township, issued.command().expiresAt());
            if (request instanceof Request.Rotation) {
                out.printf("Its new broker password line is in %s. Once the device reports command.accepted, put "
                        + "that line in place of its old one in the broker's password file and reload Mosquitto; the "
                        + "device uses the new password from its next start (docs/provisioning.md)%n",
                        records.passwordLine(target));
            }
        }
        return ExitCodes.OK;
    }

    /** What to send: a command as parsed, or a rotation, whose credentials are made once the command has its id. */
    private sealed interface Request {
        record Plain(CommandAction action) implements Request {
        }

        record Rotation(Keys.DeviceSealingPublicKey sealingKey) implements Request {
        }
    }

    private Request request(DeviceRecords records, DeviceIdentity target) throws CommandException {
        if (!type.equals(CommandAction.RotateCredentials.TYPE)) {
            return new Request.Plain(action());
        }
        if (!args.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "rotate-credentials takes no arguments");
        }
        Path pinned = records.directory(target).resolve(DeviceRecords.SEALING_KEY_FILE);
        try {
            Optional<String> pem = records.pinnedSealingKey(target.deviceId());
            if (pem.isEmpty()) {
                throw new CommandException(new CommandError.NoSealingKey(target.deviceId(), pinned));
            }
            return new Request.Rotation(Keys.deviceSealingPublicKey(pem.get()));
        } catch (IOException e) {
            throw new CommandException(new CommandError.CannotReadInput(pinned, e.getClass().getSimpleName()));
        } catch (UnusableKey e) {
            throw new CommandException(new CommandError.CannotReadInput(pinned, e.getMessage()));
        }
    }

    private CommandAction action() throws CommandException {
        return switch (type) {
            case CommandAction.Resend.TYPE -> {
                if (args.size() != 1 || !args.get(0).matches("\\d{1,18}-\\d{1,18}")) {
                    throw new ParameterException(spec.commandLine(), "resend takes one range FIRST-LAST, e.g. 120-135");
                }
                String[] ends = args.get(0).split("-");
                try {
                    yield new CommandAction.Resend(new SeqRange(Long.parseLong(ends[0]), Long.parseLong(ends[1])));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "resend " + args.get(0) + ": " + e.getMessage());
                }
            }
            case CommandAction.ConfigUpdate.TYPE -> {
                Map<String, String> values = new LinkedHashMap<>();
                for (String arg : args) {
                    int eq = arg.indexOf('=');
                    if (eq < 1) {
                        throw new ParameterException(spec.commandLine(), "config takes KEY=VALUE pairs, e.g. drain.rate=50");
                    }
                    values.put(arg.substring(0, eq).trim(), arg.substring(eq + 1).trim());
                }
                if (values.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "config takes at least one KEY=VALUE");
                }
                yield CommandAction.ConfigUpdate.of(values);
            }
            case CommandAction.Wipe.TYPE -> noArgs(new CommandAction.Wipe());
            default -> throw new ParameterException(spec.commandLine(),
                    "unknown command type '" + type + "': use resend, config, wipe or rotate-credentials");
        };
    }

    private CommandAction noArgs(CommandAction action) {
        if (!args.isEmpty()) {
            throw new ParameterException(spec.commandLine(), action.wireName() + " takes no arguments");
        }
        return action;
    }

    private static void publish(MqttLink link, String topic, byte[] message, String device) throws CommandException {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            link.publish(topic, message, true, new MqttLink.Delivery() {
                @Override
                public void delivered() {
                    confirmed.complete(null);
                }

                @Override
                public void failed(Throwable cause) {
                    confirmed.completeExceptionally(cause);
                }
            });
            confirmed.get(PUBACK_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (LinkException e) {
            throw new CommandException(new CommandError.NotPublished(device, e.getMessage()));
        } catch (ExecutionException e) {
            throw new CommandException(new CommandError.NotPublished(device, e.getCause().getClass().getSimpleName()));
        } catch (TimeoutException e) {
            throw new CommandException(new CommandError.NotPublished(device, "no PUBACK within "
                    + PUBACK_PATIENCE.toSeconds() + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(new CommandError.NotPublished(device, "interrupted"));
        }
    }
}
