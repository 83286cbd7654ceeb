package org.doudi.config;

/** A configuration value that cannot be used, with the key, where it came from, and what is allowed. */
public final class ConfigException extends Exception {
    private final String key;

    public ConfigException(String key, String value, String source, String allowed) {
        super(key + " = '" + value + "' (from " + source + ") is not allowed: expected " + allowed);
        this.key = key;
    }

    public ConfigException(String message) {
        super(message);
        this.key = "";
    }

    public String key() {
        return key;
    }
}
