package org.doudi.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.doudi.config.AgentConfig;
import org.doudi.config.ConfigException;
import org.doudi.config.Setting;
import org.doudi.config.Settings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Adds one flag per configuration key to a command and resolves the configuration from them. */
final class ConfigOptions {
    static final String CONFIG_FLAG = "--config";

    private ConfigOptions() {
    }

    static void addTo(CommandSpec spec) {
        spec.addOption(OptionSpec.builder(CONFIG_FLAG).paramLabel("FILE").type(Path.class)
                .description("Configuration file (properties syntax). Default: $" + AgentConfig.CONFIG_FILE_ENV
                        + ", else " + AgentConfig.SYSTEM_CONFIG_FILE + " if present.")
                .build());
        for (Setting s : Settings.ALL) {
            String def = s.defaultValue().isEmpty() ? "" : " Default: " + s.defaultValue() + ".";
            spec.addOption(OptionSpec.builder(s.flags().toArray(String[]::new))
                    .paramLabel(s.secret() ? "SECRET" : "VALUE")
                    .type(String.class)
                    .description(s.description() + def + " (config key " + s.key() + ", env " + s.environmentVariable() + ")")
                    .build());
        }
    }

    /** The configuration, or empty after telling the user what is wrong (the command then exits with USAGE). */
    static Optional<AgentConfig> resolveOrExplain(CommandSpec spec) {
        try {
            return Optional.of(resolve(spec));
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("doudi: configuration error: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static AgentConfig resolve(CommandSpec spec) throws ConfigException {
        Map<String, String> flags = new HashMap<>();
        for (Setting s : Settings.ALL) {
            String value = spec.findOption(s.flag()).getValue();
            if (value != null) {
                flags.put(s.key(), value);
            }
        }
        Optional<Path> file = Optional.ofNullable(spec.findOption(CONFIG_FLAG).getValue());
        return AgentConfig.resolve(flags, System.getenv(), file);
    }
}
