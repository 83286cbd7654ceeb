package org.doudi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doudi.app.DataDirLock;
import org.doudi.app.Wipe;
import org.doudi.config.AgentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "wipe", mixinStandardHelpOptions = true,
        description = {"Decommission this device, or reset it before enrolling it again: destroy its keys (the files "
                + "the security.* and tls.client-keystore settings name), its outbox with every record not yet sent, "
                + "its logs, and remove its identity and broker credentials from the configuration file.",
            "Refuses while the agent runs on the data directory. Cannot be undone."})
final class WipeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--yes-destroy-all-data", description = "Required: records not yet sent to the centre are lost.")
    boolean confirmed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!confirmed) {
            err.println("doudi: wipe destroys the device's keys and every record not yet sent; "
                    + "add --yes-destroy-all-data to go ahead");
            return ExitCodes.USAGE;
        }
        Optional<AgentConfig> resolved = ConfigOptions.resolveOrExplain(spec);
        if (resolved.isEmpty()) {
            return ExitCodes.USAGE;
        }
        Wipe.Report report;
        try {
            report = Wipe.run(resolved.get());
        } catch (DataDirLock.Held e) {
            err.println("doudi: not wiped: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            err.println("doudi: wipe stopped part-way (" + e.getClass().getSimpleName() + " on "
                    + Optional.ofNullable(e.getMessage()).orElse("a file") + "); fix the cause and run it again");
            return ExitCodes.FAILURE;
        }
        report.destroyed().forEach(name -> out.println("destroyed " + name));
        report.configReset().ifPresentOrElse(
                file -> out.println("configuration " + file.getFileName() + ": identity, credentials and keys removed"),
                () -> out.println("no configuration file: identity and credentials given by flags or environment "
                        + "variables must be removed there"));
        out.println("doudi: wiped; the device is not enrolled");
        return ExitCodes.OK;
    }
}
