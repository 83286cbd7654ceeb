package org.doudi.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The agent's configuration, resolved once at start and immutable after. Each key is taken from, in
 * order: a command-line flag, an environment variable, the configuration file (Java properties
 * syntax, UTF-8), the default. A bad value stops the start with the key, the value and what is allowed.
 */
public final class AgentConfig {
    public static final String CONFIG_FILE_ENV = "DOUDI_CONFIG";
    public static final Path SYSTEM_CONFIG_FILE = Path.of("/etc/doudi/doudi.conf");

    private final Map<String, String> values;
    private final Optional<Path> file;

    private AgentConfig(Map<String, String> values, Optional<Path> file) {
        this.values = Map.copyOf(values);
        this.file = file;
    }

    /**
     * @param flags values given on the command line, by key
     * @param environment the process environment
     * @param configFile an explicit file (must exist), or empty to use DOUDI_CONFIG or /etc/doudi/doudi.conf if present
     */
    public static AgentConfig resolve(Map<String, String> flags, Map<String, String> environment,
            Optional<Path> configFile) throws ConfigException {
        return resolve(flags, environment, configFile, true);
    }

    private static AgentConfig resolve(Map<String, String> flags, Map<String, String> environment,
            Optional<Path> configFile, boolean lookForSystemFile) throws ConfigException {
        for (String key : flags.keySet()) {
            if (!Settings.BY_KEY.containsKey(key)) {
                throw new ConfigException("unknown configuration key '" + key + "'"
                        + Settings.closestKey(key).map(k -> "; did you mean '" + k + "'?").orElse(""));
            }
        }
        Optional<Path> file = configFile.or(() -> Optional.ofNullable(environment.get(CONFIG_FILE_ENV))
                .filter(s -> !s.isBlank()).map(Path::of));
        boolean explicit = file.isPresent();
        Path chosen = file.orElse(SYSTEM_CONFIG_FILE);
        boolean fileRead = explicit || (lookForSystemFile && Files.exists(chosen));
        Map<String, String> fromFile = fileRead ? readFile(chosen) : Map.of();
        Map<String, String> resolved = new LinkedHashMap<>();
        for (Setting s : Settings.ALL) {
            String value;
            String source;
            if (flags.containsKey(s.key())) {
                value = flags.get(s.key());
                source = "flag " + s.flag();
            } else if (environment.containsKey(s.environmentVariable())) {
                value = environment.get(s.environmentVariable());
                source = "environment " + s.environmentVariable();
            } else if (fromFile.containsKey(s.key())) {
                value = fromFile.get(s.key());
                source = "file " + chosen;
            } else {
                value = s.defaultValue();
                source = "default";
            }
            value = value.trim();
            if (s.rule().problemWith(value) != null) {
                throw new ConfigException(s.key(), s.secret() ? "(hidden)" : value, source, s.allowed());
            }
            resolved.put(s.key(), value);
        }
        AgentConfig config = new AgentConfig(resolved, fileRead ? Optional.of(chosen) : Optional.empty());
        config.checkCombinations();
        return config;
    }

    /**
     * A configuration from explicit values over the defaults, ignoring the environment and every file:
     * for embedding the agent (the demo, tests) where the host's settings must not leak in.
     */
    public static AgentConfig of(Map<String, String> values) throws ConfigException {
        return resolve(values, Map.of(), Optional.empty(), false);
    }

    /** A copy with some keys replaced, checked like any other source. */
    public AgentConfig with(Map<String, String> overrides) throws ConfigException {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return of(merged);
    }

    private static Map<String, String> readFile(Path file) throws ConfigException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("configuration file " + file + " cannot be read: " + e.getClass().getSimpleName()
                    + ". Check the path and permissions, or pass --config with another file.");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("configuration file " + file + " is not valid properties syntax ("
                    + e.getMessage() + "). Write one 'key = value' per line; see docs/configuration.md.");
        }
        Map<String, String> out = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!Settings.BY_KEY.containsKey(key)) {
                throw new ConfigException("configuration file " + file + " has an unknown key '" + key + "'"
                        + Settings.closestKey(key).map(k -> "; did you mean '" + k + "'?").orElse("")
                        + " All keys are listed in docs/configuration.md and by --help.");
            }
            out.put(key, p.getProperty(key));
        }
        return out;
    }

    private void checkCombinations() throws ConfigException {
        if (integer(Settings.SHED_BELOW_MB) < integer(Settings.REFUSE_BELOW_MB)) {
            throw new ConfigException(Settings.SHED_BELOW_MB.key(), text(Settings.SHED_BELOW_MB), "configuration",
                    "at least disk.refuse-below-mb (" + text(Settings.REFUSE_BELOW_MB) + ")");
        }
        if (duration(Settings.RECONNECT_MAX).compareTo(duration(Settings.RECONNECT_INITIAL)) < 0) {
            throw new ConfigException(Settings.RECONNECT_MAX.key(), text(Settings.RECONNECT_MAX), "configuration",
                    "at least reconnect.initial-delay (" + text(Settings.RECONNECT_INITIAL) + ")");
        }
    }

    /** The configuration file that was read, if any: where commands and {@code wipe} write their changes. */
    public Optional<Path> file() {
        return file;
    }

    public String text(Setting s) {
        return values.get(s.key());
    }

    public Optional<String> optionalText(Setting s) {
        String v = text(s);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public long integer(Setting s) {
        return Long.parseLong(text(s));
    }

    public Duration duration(Setting s) {
        return Settings.parseDuration(text(s)).orElseThrow();
    }

    public Path dataDir() {
        return Path.of(text(Settings.DATA_DIR));
    }

    public Path logDir() {
        return optionalText(Settings.LOG_DIR).map(Path::of).orElse(dataDir().resolve("logs"));
    }

    public List<String> brokerUrls() {
        return Arrays.stream(text(Settings.BROKER_URL).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The resolved values with secrets hidden, for {@code --print-config}-style output. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : Settings.ALL) {
            out.put(s.key(), s.secret() && !text(s).isEmpty() ? "(hidden)" : text(s));
        }
        return out;
    }
}
