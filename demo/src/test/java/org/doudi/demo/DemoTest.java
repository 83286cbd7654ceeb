package org.doudi.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's first command, on a short timeline: it must end with nothing lost and no gap. */
class DemoTest {
    @Test
    void aShortDemoEndsWithEverythingAcknowledgedAndNoGap() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Demo.Timeline timeline = new Demo.Timeline(Duration.ofSeconds(5), 20, Duration.ofSeconds(1),
                Duration.ofSeconds(2), 100, Duration.ofSeconds(60));
        Demo.Summary summary;
        try (Demo demo = Demo.start(timeline, out, false)) {
            summary = demo.run();
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(summary.completed()).as(text).isTrue();
        assertThat(summary.sent()).isGreaterThan(50);
        assertThat(summary.lost()).isZero();
        assertThat(summary.gaps()).isEmpty();
        assertThat(summary.acknowledged()).isEqualTo(summary.sent());
        assertThat(text).contains("broker going down", "broker back", summary.sent() + " sent, " + summary.sent()
                + " acknowledged, 0 lost, gaps: none");
    }
}
