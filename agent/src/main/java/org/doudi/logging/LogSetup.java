package org.doudi.logging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doudi.config.AgentConfig;
import org.doudi.config.Settings;
import org.tinylog.configuration.Configuration;

/**
 * tinylog to rolling files with a hard total size (kiosks run from SD cards: no unbounded writes).
 * Log lines carry record ids, seq numbers and device ids only — never payload content — and the
 * classes that could see personal data mask it before it gets here (see org.doudi.privacy.Mask).
 */
public final class LogSetup {
    /** JUL keeps loggers weakly: a level set on one nobody holds is lost with it. */
    private static final List<java.util.logging.Logger> JUL_LEVELS_IN_USE = new ArrayList<>();

    private LogSetup() {
    }

    /**
     * Must run before the first log line of the process: tinylog's configuration is fixed after that.
     * When the agent is embedded in a host that already logs (tests), the host's configuration stands.
     */
    public static void configure(AgentConfig config, String fileStem, boolean toConsole) {
        if (Configuration.isFrozen()) {
            return;
        }
        Path dir = config.logDir();
        Map<String, String> c = new HashMap<>();
        c.put("writer1", "rolling file");
        c.put("writer1.file", dir.resolve(fileStem + "-{count}.log").toString());
        c.put("writer1.latest", dir.resolve(fileStem + ".log").toString());
        c.put("writer1.policies", "size: " + config.integer(Settings.LOG_FILE_SIZE_MB) + "mb");
        c.put("writer1.backups", Long.toString(config.integer(Settings.LOG_FILES) - 1));
        c.put("writer1.charset", "UTF-8");
        c.put("writer1.format", "{date:yyyy-MM-dd'T'HH:mm:ss.SSSZ} {level} [{thread}] {class-name}: {message}");
        String console = config.text(Settings.LOG_CONSOLE_LEVEL);
        if (toConsole && !"off".equals(console)) {
            c.put("writer2", "console");
            c.put("writer2.stream", "err");
            c.put("writer2.level", console);
            c.put("writer2.format", "{level}: {message}");
        }
        c.put("level", config.text(Settings.LOG_LEVEL));
        // Third-party libraries speak only when something is wrong.
        Map<String, String> packageLevels = new LinkedHashMap<>();
        packageLevels.put("io.moquette", "warn");
        packageLevels.put("io.netty", "warn");
        packageLevels.put("org.eclipse.paho", "warn");
        for (String pair : config.text(Settings.LOG_LEVELS).split(",")) {
            String[] kv = pair.trim().split("=");
            if (kv.length == 2) {
                packageLevels.put(kv[0].trim(), kv[1].trim());
            }
        }
        packageLevels.forEach((pkg, level) -> c.put("level@" + pkg, level));
        c.put("writingthread", "true");
        // Shut down by the application after its own last words, not by tinylog's hook racing it.
        c.put("autoshutdown", "false");
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the log directory " + dir + ": " + e.getMessage(), e);
        }
        Configuration.replace(c);
        org.tinylog.jul.JulTinylogBridge.activate();
        matchJulLevels(config.text(Settings.LOG_LEVEL), packageLevels);
    }

    /**
     * For commands that have no data directory (decode, scan, the office's tools): lines at {@code level} and
     * above go to stderr, keeping stdout for the command's own output. Like {@link #configure}, it leaves a
     * configuration that is already in use alone.
     */
    public static void toStderr(String level) {
        if (!Configuration.isFrozen()) {
            Configuration.replace(Map.of("writer", "console", "writer.stream", "err", "writer.level", level,
                    "writer.format", "{level}: {message}"));
        }
    }

    /**
     * The bridge opens java.util.logging to every level and lets tinylog filter. Paho logs through JUL
     * and, told FINE is wanted, formats a catalogue message on every publish and every PUBACK only for
     * tinylog to drop it; so JUL is given the same levels, and libraries skip what nobody reads.
     */
    static void matchJulLevels(String rootLevel, Map<String, String> packageLevels) {
        JUL_LEVELS_IN_USE.clear();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(julLevel(rootLevel));
        JUL_LEVELS_IN_USE.add(root);
        packageLevels.forEach((pkg, level) -> {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(pkg);
            logger.setLevel(julLevel(level));
            JUL_LEVELS_IN_USE.add(logger);
        });
    }

    private static java.util.logging.Level julLevel(String tinylogLevel) {
        return switch (tinylogLevel.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "trace" -> java.util.logging.Level.FINEST;
            case "debug" -> java.util.logging.Level.FINE;
            case "info" -> java.util.logging.Level.INFO;
            case "warn", "warning" -> java.util.logging.Level.WARNING;
            case "error" -> java.util.logging.Level.SEVERE;
            case "off" -> java.util.logging.Level.OFF;
            default -> java.util.logging.Level.ALL;
        };
    }

    /** Flushes and closes the log writers; the last call of a shutdown. */
    public static void shutdown() {
        try {
            org.tinylog.provider.ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
