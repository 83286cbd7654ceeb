package org.doudi.cli;

import java.io.PrintWriter;
import org.doudi.logging.LogSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code doudi}: the agent's command line. */
@Command(name = "doudi", mixinStandardHelpOptions = true,
        versionProvider = DoudiCommand.Version.class,
        description = "Doudi (兜底): durable, private record agent for township social-assistance offices.",
        subcommands = {RunCommand.class, EnqueueCommand.class, StatusCommand.class, EnrollCommand.class,
            WipeCommand.class, CheckIdCommand.class, DecodeCommand.class, ScanCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage or configuration, 3 input refused, 4 cannot save (disk)."})
public final class DoudiCommand implements Runnable {

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"doudi " + org.doudi.app.Agent.VERSION};
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        LogSetup.shutdown();
        System.exit(code);
    }

    /** The command line as {@link #main} runs it; tests and the office tool's tests run commands in-process with it. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DoudiCommand());
        cl.setOut(new PrintWriter(System.out, true));
        cl.setErr(new PrintWriter(System.err, true));
        cl.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        for (String configured : new String[] {"run", "enqueue", "status", "decode", "scan", "wipe"}) {
            ConfigOptions.addTo(cl.getSubcommands().get(configured).getCommandSpec());
        }
        return cl;
    }
}
