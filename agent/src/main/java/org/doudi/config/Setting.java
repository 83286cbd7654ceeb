package org.doudi.config;

import java.util.List;
import java.util.Locale;

/**
 * One configuration key. The same definition yields the config-file key, the environment variable
 * ({@code DOUDI_} + key in capitals), the command-line flag ({@code --} + key with dashes) and the
 * line in docs/configuration.md, so the four can never drift apart.
 */
public record Setting(String key, String defaultValue, String allowed, String description, ValueRule rule,
        List<String> extraFlags, boolean secret) {

    /** Checks a raw value; returns the reason it is unacceptable, or null when fine. */
    @FunctionalInterface
    public interface ValueRule {
        String problemWith(String value);
    }

    public String environmentVariable() {
        return "DOUDI_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String flag() {
        return "--" + key.replace('.', '-');
    }

    public List<String> flags() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(flag()), extraFlags.stream()).toList();
    }
}
