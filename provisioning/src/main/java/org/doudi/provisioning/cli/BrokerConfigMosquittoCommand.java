package org.doudi.provisioning.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.doudi.cli.ExitCodes;
import org.doudi.provisioning.broker.BrokerFiles;
import org.doudi.provisioning.broker.BrokerFilesFailure;
import org.doudi.provisioning.broker.CentralAccount;
import org.doudi.provisioning.broker.Listener;
import org.doudi.provisioning.broker.MosquittoConfig;
import org.doudi.record.DeviceIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "mosquitto", mixinStandardHelpOptions = true,
        description = {"Write a Mosquitto broker's files for the fleet: mosquitto.conf, the password file "
                + "(Mosquitto's PBKDF2-SHA512 hashes), the ACL (each device confined to its own topics), and with "
                + "--tls-listen a private CA, the server certificate and a client certificate per account.",
            "Every account gets a new password, written only to 0600 files under the output directory; devices "
                + "added later with 'device add' bring their own passwd and ACL lines (docs/broker.md)."})
final class BrokerConfigMosquittoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", required = true, paramLabel = "NAME",
            description = "The name or address devices reach the broker by; it goes into their broker URL and the "
                    + "server certificate.")
    String host;

    @Option(names = "--also-known-as", split = ",", paramLabel = "NAME",
            description = "Other names or addresses of the broker, for the server certificate.")
    List<String> otherNames = new ArrayList<>();

    @Option(names = "--central", split = ",", paramLabel = "NAME",
            description = "Accounts of central consumers (the inbox): read every device's records and statuses, "
                    + "write acks and commands. Default: central-1.")
    List<String> central = new ArrayList<>(List.of("central-1"));

    @Option(names = "--device", split = ",", paramLabel = "ID:TOWNSHIP",
            description = "Devices known now (more come with 'device add'), as device id and township code.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--listen", paramLabel = "PORT", description = "Password listener's port (default none).")
    Integer listen;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address the password listener binds to: a private one, as it is not encrypted.")
    String bind;

    @Option(names = "--tls-listen", paramLabel = "PORT",
            description = "TLS listener's port, with client certificates required (default none).")
    Integer tlsListen;

    @Option(names = "--installed-at", paramLabel = "DIR",
            description = "Where the files will live on the broker's host, for the paths inside mosquitto.conf "
                    + "(default: the output directory).")
    Path installedAt;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new or empty directory.")
    Path out;

    @Override
    public Integer call() throws CommandException {
        BrokerFiles files;
        try {
            MosquittoConfig config = MosquittoConfig.forBroker(host)
                    .alsoKnownAs(otherNames.toArray(String[]::new))
                    .centralAccounts(central.stream().map(CentralAccount::new).toList())
                    .devices(devices.stream().map(this::device).toList());
            if (listen != null) {
                Listener listener = Listener.on(listen);
                config.passwordListener(bind == null ? listener : listener.boundTo(bind));
            } else if (bind != null) {
                throw new ParameterException(spec.commandLine(), "--bind goes with --listen");
            }
            if (tlsListen != null) {
                config.tlsListener(Listener.on(tlsListen));
            }
            if (installedAt != null) {
                config.installedAt(installedAt);
            }
            files = config.writeTo(out);
        } catch (IllegalArgumentException e) { // InvalidBrokerSetting, and names refused by the account types
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (BrokerFilesFailure e) {
            throw new CommandException(new CommandError.CannotWrite(out, e.getMessage()));
        }
        var stdout = spec.commandLine().getOut();
        stdout.printf("Wrote the broker's files to %s: %s, %s, %s (accounts in %s)%n", files.directory(),
                files.mosquittoConf().getFileName(), files.passwordFile().getFileName(), files.aclFile().getFileName(),
                files.accountsSummary().getFileName());
        stdout.println("  passwords are in 0600 files under devices/ and central/; copy each to its owner, never by chat");
        return ExitCodes.OK;
    }

    private DeviceIdentity device(String idAndTownship) {
        String[] parts = idAndTownship.split(":", -1);
        if (parts.length != 2 || !DeviceIdentity.isValidDeviceId(parts[0]) || !DeviceIdentity.isValidTownship(parts[1])) {
            throw new ParameterException(spec.commandLine(), "--device wants ID:TOWNSHIP, e.g. kiosk-0042:110101001; got '"
                    + idAndTownship + "'");
        }
        return new DeviceIdentity(parts[0], parts[1]);
    }
}
