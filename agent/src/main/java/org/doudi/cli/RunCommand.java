package org.doudi.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.doudi.app.Agent;
import org.doudi.config.AgentConfig;
import org.doudi.logging.LogSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the agent until stopped (Ctrl-C or SIGTERM): records saved by kiosks, tablets and "
                + "'doudi enqueue' are sent to the broker and kept until the centre acknowledges them.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Optional<AgentConfig> resolved = ConfigOptions.resolveOrExplain(spec);
        if (resolved.isEmpty()) {
            return ExitCodes.USAGE;
        }
        AgentConfig config = resolved.get();
        LogSetup.configure(config, "doudi", true);
        Agent agent;
        try {
            agent = Agent.start(config);
        } catch (Agent.StartFailure e) {
            spec.commandLine().getErr().println("doudi: cannot start: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.complete(null);
            LogSetup.shutdown();
        }, "shutdown"));
        spec.commandLine().getOut().printf("doudi: ready — device %s, township %s, broker %s, data %s%n",
                agent.identity().deviceId(), agent.identity().township(), String.join(",", config.brokerUrls()),
                config.dataDir());
        CompletableFuture.anyOf(stopped, agent.stoppedItself()).join();
        if (agent.stoppedItself().isDone()) {
            spec.commandLine().getOut().println("doudi: stopped and wiped by the office's command; the device is not enrolled");
        }
        return ExitCodes.OK;
    }
}
