package org.doudi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationSettingTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "30s, PT30S",
        "5m, PT5M",
        "2h, PT2H",
        "7d, PT168H",
        "PT30S, PT30S",
        "pt30s, PT30S",
        "P1D, PT24H",
        "' 45s ', PT45S",
        "0ms, PT0S",
    })
    void goodDurationsParse(String text, String expected) {
        assertThat(Settings.parseDuration(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "30", "s", "ms", "1.5s", "-5s", "5 minutes", "5x", "PT", "P", "PTS", "abc",
            "30sec", "9223372036854775807d", "PT-30S", "-PT30S", "P-1D"})
    void badDurationsDoNotParse(String text) {
        assertThat(Settings.parseDuration(text)).as("'%s'", text).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"200000d", "P200000D", "PT9223372036854775807S", "106751992d"})
    void hugeDurationsAreAConfigErrorNotACrash(String text) {
        Throwable t = catchThrowable(() -> AgentConfig.of(Map.of("outbox.retention", text)));
        assertThat(t).as("'%s'", text).isInstanceOf(ConfigException.class);
        assertThat(t.getMessage()).contains("outbox.retention").contains(text).contains("from 0ms to 365d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1s", "PT-1S", "0s"})
    void durationsBelowTheMinimumAreRefused(String text) {
        Throwable t = catchThrowable(() -> AgentConfig.of(Map.of("outbox.ack-timeout", text)));
        assertThat(t).as("'%s'", text).isInstanceOf(ConfigException.class);
        assertThat(t.getMessage()).contains("outbox.ack-timeout").contains("from 1s to 30d");
    }

    @ParameterizedTest
    @CsvSource({"outbox.ack-timeout, 30d", "outbox.ack-timeout, 1s", "outbox.retention, 0ms", "outbox.retention, 365d",
            "outbox.poll-interval, 10ms", "reconnect.initial-delay, 50ms"})
    void boundariesAreAccepted(String key, String text) throws Exception {
        AgentConfig c = AgentConfig.of(Map.of(key, text));
        assertThat(c.duration(Settings.BY_KEY.get(key))).isEqualTo(Settings.parseDuration(text).orElseThrow());
    }
}
