package org.doudi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws Exception {
        Path f = dir.resolve("doudi.conf");
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    private static AgentConfig resolve(Map<String, String> flags, Map<String, String> env, Optional<Path> file)
            throws ConfigException {
        return AgentConfig.resolve(flags, env, file);
    }

    private Path emptyFile() throws Exception {
        return file("# nothing");
    }

    @Test
    void defaultsResolve() throws Exception {
        AgentConfig c = resolve(Map.of(), Map.of(), Optional.of(emptyFile()));
        for (Setting s : Settings.ALL) {
            if (s != Settings.DATA_DIR) {
                assertThat(c.text(s)).as(s.key()).isEqualTo(s.defaultValue());
            }
        }
        assertThat(c.integer(Settings.INFLIGHT_WINDOW)).isEqualTo(32);
        assertThat(c.duration(Settings.ACK_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.duration(Settings.RETENTION)).isEqualTo(Duration.ofDays(7));
        assertThat(c.duration(Settings.POLL_INTERVAL)).isEqualTo(Duration.ofMillis(200));
        assertThat(c.brokerUrls()).containsExactly("tcp://127.0.0.1:1883");
        assertThat(c.optionalText(Settings.DEVICE_ID)).isEmpty();
        assertThat(c.logDir()).isEqualTo(c.dataDir().resolve("logs"));
    }

    @Test
    void ofIgnoresEnvironmentAndFilesAndStillChecksValues() throws Exception {
        AgentConfig c = AgentConfig.of(Map.of("mqtt.inflight-window", "16"));
        assertThat(c.integer(Settings.INFLIGHT_WINDOW)).isEqualTo(16);
        assertThat(catchThrowableOfType(ConfigException.class, () -> AgentConfig.of(Map.of("mqtt.inflight-window", "0"))))
                .isNotNull();
        AgentConfig changed = c.with(Map.of("drain.rate", "0"));
        assertThat(changed.integer(Settings.DRAIN_RATE)).isZero();
        assertThat(changed.integer(Settings.INFLIGHT_WINDOW)).isEqualTo(16);
    }

    @Test
    void precedenceIsFlagThenEnvironmentThenFileThenDefault() throws Exception {
        Path f = file("mqtt.inflight-window = 10", "drain.rate = 11", "drain.burst = 12");
        Map<String, String> env = Map.of("DOUDI_MQTT_INFLIGHT_WINDOW", "20", "DOUDI_DRAIN_RATE", "21");
        Map<String, String> flags = Map.of("mqtt.inflight-window", "30");
        AgentConfig c = resolve(flags, env, Optional.of(f));
        assertThat(c.integer(Settings.INFLIGHT_WINDOW)).as("flag beats env and file").isEqualTo(30);
        assertThat(c.integer(Settings.DRAIN_RATE)).as("env beats file").isEqualTo(21);
        assertThat(c.integer(Settings.DRAIN_BURST)).as("file beats default").isEqualTo(12);
        assertThat(c.integer(Settings.LOG_FILES)).as("default").isEqualTo(5);
    }

    @Test
    void theConfigFileCanComeFromTheEnvironment() throws Exception {
        Path f = file("drain.burst = 77");
        AgentConfig c = resolve(Map.of(), Map.of(AgentConfig.CONFIG_FILE_ENV, f.toString()), Optional.empty());
        assertThat(c.integer(Settings.DRAIN_BURST)).isEqualTo(77);
    }

    @Test
    void environmentVariableNamesFollowTheKey() {
        assertThat(Settings.INFLIGHT_WINDOW.environmentVariable()).isEqualTo("DOUDI_MQTT_INFLIGHT_WINDOW");
        assertThat(Settings.TLS_CLIENT_KEYSTORE_PASSWORD.environmentVariable())
                .isEqualTo("DOUDI_TLS_CLIENT_KEYSTORE_PASSWORD");
        assertThat(Settings.INFLIGHT_WINDOW.flag()).isEqualTo("--mqtt-inflight-window");
    }

    @ParameterizedTest
    @CsvSource({
        "mqtt.inflight-window, 5000, a whole number from 1 to 1000",
        "mqtt.inflight-window, many, a whole number from 1 to 1000",
        "outbox.ack-timeout, soon, a duration like",
        "outbox.ack-timeout, 500ms, from 1s to 30d",
        "log.level, verbose, 'trace, debug, info, warn or error'",
        "broker.url, http://broker:80, tcp://host:port",
        "device.id, Kiosk_42, lowercase letters",
        "device.township, 1101, 9- or 12-digit",
    })
    void aBadValueNamesTheKeyTheValueAndWhatIsAllowed(String key, String value, String allowed) throws Exception {
        for (Map<String, String> flags : List.of(Map.of(key, value))) {
            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> resolve(flags, Map.of(), Optional.of(emptyFile())));
            assertThat(e).as("%s = %s", key, value).isNotNull();
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.getMessage()).contains(key).contains("'" + value + "'").contains(allowed);
            assertThat(e.getMessage()).contains(Settings.BY_KEY.get(key).flag());
        }
        // The same from the environment and from the file, each naming its source.
        String env = Settings.BY_KEY.get(key).environmentVariable();
        ConfigException fromEnv = catchThrowableOfType(ConfigException.class,
                () -> resolve(Map.of(), Map.of(env, value), Optional.of(emptyFile())));
        assertThat(fromEnv.getMessage()).contains(key).contains(value).contains(env).contains(allowed);
        Path f = file(key + " = " + value);
        ConfigException fromFile = catchThrowableOfType(ConfigException.class,
                () -> resolve(Map.of(), Map.of(), Optional.of(f)));
        assertThat(fromFile.getMessage()).contains(key).contains(value).contains(f.toString()).contains(allowed);
    }

    @Test
    void combinationsAreChecked() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> resolve(
                Map.of("disk.refuse-below-mb", "64", "disk.shed-below-mb", "32"), Map.of(), Optional.of(emptyFile())));
        assertThat(e.getMessage()).contains("disk.shed-below-mb").contains("32").contains("disk.refuse-below-mb");
        ConfigException d = catchThrowableOfType(ConfigException.class, () -> resolve(
                Map.of("reconnect.initial-delay", "5m", "reconnect.max-delay", "1m"), Map.of(), Optional.of(emptyFile())));
        assertThat(d.getMessage()).contains("reconnect.max-delay").contains("reconnect.initial-delay");
    }

    @Test
    void anUnknownKeyInTheFileIsRefusedAndNamed() throws Exception {
        Path f = file("mqtt.inflight-windw = 16");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> resolve(Map.of(), Map.of(), Optional.of(f)));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("mqtt.inflight-windw").contains("unknown");
    }

    @Test
    void anUnknownFlagKeyIsRefused() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> resolve(Map.of("no.such-key", "1"), Map.of(), Optional.empty()));
        assertThat(e.getMessage()).contains("no.such-key");
    }

    @Test
    void aMissingExplicitFileIsAnErrorNotASilentDefault() {
        Path missing = dir.resolve("nope.conf");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> resolve(Map.of(), Map.of(), Optional.of(missing)));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(missing.toString());
    }

    @Test
    void secretsAreNeverEchoed() throws Exception {
        String password = "S3cret-Pa55word!";
        String keystorePassword = "Another-S3cret";
        Path f = file("broker.password = " + password, "tls.client-keystore-password = " + keystorePassword);
        AgentConfig c = resolve(Map.of(), Map.of(), Optional.of(f));
        assertThat(c.text(Settings.BROKER_PASSWORD)).isEqualTo(password); // usable by the link
        Map<String, String> described = c.describe();
        assertThat(described.get("broker.password")).isEqualTo("(hidden)");
        assertThat(described.get("tls.client-keystore-password")).isEqualTo("(hidden)");
        assertThat(described.toString()).doesNotContain(password).doesNotContain(keystorePassword);
        assertThat(described.get("drain.rate")).isEqualTo("500");

        // An error elsewhere in the same configuration does not leak the secret either.
        Path bad = file("broker.password = " + password, "drain.rate = fast");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> resolve(Map.of(), Map.of(), Optional.of(bad)));
        assertThat(e.getMessage()).doesNotContain(password);
        Path unknown = file("broker.password = " + password, "broker.pasword = " + password);
        ConfigException u = catchThrowableOfType(ConfigException.class,
                () -> resolve(Map.of(), Map.of(), Optional.of(unknown)));
        assertThat(u.getMessage()).doesNotContain(password);
    }

    @Test
    void secretSettingsAreMarkedSecret() {
        assertThat(Settings.ALL.stream().filter(Setting::secret).map(Setting::key))
                .containsExactlyInAnyOrder("broker.password", "tls.client-keystore-password");
    }

    @Test
    void valuesAreTrimmedAndTheFileIsUtf8() throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("drain.rate", "  42  ");
        Path f = file("# 东华门街道的自助终端", "device.id = kiosk-0042", "device.township = 110101001");
        AgentConfig c = resolve(flags, Map.of(), Optional.of(f));
        assertThat(c.integer(Settings.DRAIN_RATE)).isEqualTo(42);
        assertThat(c.text(Settings.DEVICE_ID)).isEqualTo("kiosk-0042");
    }

    @Test
    void severalBrokersAreSplit() throws Exception {
        AgentConfig c = AgentConfig.of(Map.of("broker.url", "ssl://a.example:8883, tcp://b.example:1883"));
        assertThat(c.brokerUrls()).containsExactly("ssl://a.example:8883", "tcp://b.example:1883");
        assertThat(catchThrowableOfType(ConfigException.class,
                () -> AgentConfig.of(Map.of("broker.url", "tcp://a.example:1883,tcp://nohost")))).isNotNull();
    }
}
