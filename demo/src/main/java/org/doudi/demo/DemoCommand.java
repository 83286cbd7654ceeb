package org.doudi.demo;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.doudi.logging.LogSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./doudi demo}: see {@link Demo}. */
@Command(name = "doudi demo", mixinStandardHelpOptions = true,
        description = {"Runs an embedded MQTT broker, one kiosk agent and a central receiver; feeds sample records",
            "(fictional people), takes the broker down for a while, brings it back, and shows the backlog drain",
            "until every record is acknowledged. Nothing to install; Ctrl-C stops it cleanly."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--feed-seconds", defaultValue = "20", description = "How long records are fed (default ${DEFAULT-VALUE}).")
    int feedSeconds;

    @Option(names = "--rate", defaultValue = "15", description = "Records saved per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--outage-after", defaultValue = "5", description = "Seconds before the broker goes down (default ${DEFAULT-VALUE}).")
    int outageAfter;

    @Option(names = "--outage-seconds", defaultValue = "8", description = "How long the broker stays down (default ${DEFAULT-VALUE}).")
    int outageSeconds;

    @Option(names = "--drain-rate", defaultValue = "60", description = "Records per second while draining (default ${DEFAULT-VALUE}).")
    int drainRate;

    @Override
    public Integer call() throws Exception {
        Demo.Timeline timeline = new Demo.Timeline(Duration.ofSeconds(feedSeconds), rate, Duration.ofSeconds(outageAfter),
                Duration.ofSeconds(outageSeconds), drainRate, Duration.ofSeconds(90));
        Demo demo = Demo.start(timeline, System.out, System.console() != null);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            demo.stop();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Demo.Summary summary = demo.run();
            return summary.completed() && summary.lost() == 0 && summary.gaps().isEmpty() ? 0 : 1;
        } finally {
            demo.close();
            LogSetup.shutdown();
            finished.countDown();
        }
    }

    public static void main(String[] args) {
        int code = new CommandLine(new DemoCommand()).execute(args);
        System.exit(code);
    }
}
