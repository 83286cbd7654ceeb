package org.doudi.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.doudi.record.DeviceIdentity;

/** Every configuration key the agent understands, with its default and its rule. */
public final class Settings {
    private Settings() {
    }

    public static final Setting DEVICE_ID = new Setting("device.id", "",
            "empty (use the id recorded in the data directory, or a generated one) or " + DeviceIdentity.DEVICE_ID_RULE,
            "This device's id; appears in topics and the MQTT client id.",
            v -> v.isEmpty() || DeviceIdentity.isValidDeviceId(v) ? null : "bad device id", List.of(), false);
    public static final Setting TOWNSHIP = new Setting("device.township", "",
            "empty (use the one recorded in the data directory) or " + DeviceIdentity.TOWNSHIP_RULE,
            "The township (乡镇/街道) the device serves; appears in topics.",
            v -> v.isEmpty() || DeviceIdentity.isValidTownship(v) ? null : "bad township", List.of("--township"), false);
    public static final Setting DATA_DIR = new Setting("data.dir", defaultDataDir(), "a directory path",
            "Where the outbox, logs and device state live. Keep it on persistent storage.",
            v -> v.isBlank() ? "empty path" : null, List.of(), false);
    public static final Setting BROKER_URL = new Setting("broker.url", "tcp://127.0.0.1:1883",
            "one or more tcp://host:port or ssl://host:port, comma-separated (tried in order)",
            "The MQTT broker(s).", Settings::brokerUrlProblem, List.of("--broker"), false);
    public static final Setting BROKER_USERNAME = new Setting("broker.username", "", "any text",
            "MQTT username (empty: none).", v -> null, List.of(), false);
    public static final Setting BROKER_PASSWORD = new Setting("broker.password", "", "any text",
            "MQTT password (empty: none). Prefer the environment variable or the config file over a flag.",
            v -> null, List.of(), true);
    public static final Setting TLS_CA_FILE = new Setting("tls.ca-file", "",
            "empty (system trust roots) or a PEM file of CA certificates",
            "Trust anchors for the broker's certificate when broker.url uses ssl://.", Settings::optionalFile,
            List.of(), false);
    public static final Setting TLS_CLIENT_KEYSTORE = new Setting("tls.client-keystore", "",
            "empty (no client certificate) or a PKCS#12 file", "The device's client certificate and key.",
            Settings::optionalFile, List.of(), false);
    public static final Setting TLS_CLIENT_KEYSTORE_PASSWORD = new Setting("tls.client-keystore-password", "",
            "any text", "Password of the PKCS#12 file.", v -> null, List.of(), true);
    public static final Setting KEEPALIVE = duration("mqtt.keepalive", "30s", 1, 3600,
            "MQTT keep-alive; a dead link is noticed within about 1.5 times this.");
    public static final Setting CONNECT_TIMEOUT = duration("mqtt.connect-timeout", "10s", 1, 300,
            "How long one connection attempt may take.");
    public static final Setting INFLIGHT_WINDOW = integer("mqtt.inflight-window", "32", 1, 1000,
            "Records published but not yet PUBACKed, at most.");
    public static final Setting RECONNECT_INITIAL = duration("reconnect.initial-delay", "1s", 0.05, 3600,
            "First reconnect delay ceiling; doubles per failed attempt, fully jittered.");
    public static final Setting RECONNECT_MAX = duration("reconnect.max-delay", "2m", 0.05, 86400,
            "Longest reconnect delay ceiling.");
    public static final Setting RECONNECT_STABLE_AFTER = duration("reconnect.stable-after", "60s", 0, 86400,
            "A connection that lasted this long resets the backoff.");
    public static final Setting DRAIN_RATE = integer("drain.rate", "500", 0, 1_000_000,
            "Records per second when draining a backlog (0: unpaced).");
    public static final Setting DRAIN_BURST = integer("drain.burst", "1000", 1, 1_000_000,
            "Records that may go at once before pacing applies.");
    public static final Setting ACK_TIMEOUT = duration("outbox.ack-timeout", "10m", 1, 30 * 86400,
            "A published record not acknowledged by the centre within this is sent again.");
    public static final Setting RETENTION = duration("outbox.retention", "7d", 0, 365 * 86400,
            "Acknowledged records are kept this long on the device, then deleted.");
    public static final Setting POLL_INTERVAL = duration("outbox.poll-interval", "200ms", 0.01, 60,
            "How often the daemon looks for records stored by other processes (the CLI).");
    public static final Setting MAX_SIZE_MB = integer("outbox.max-size-mb", "0", 0, 1_000_000,
            "Cap on the outbox database size in MiB (0: no cap besides the disk).");
    public static final Setting REFUSE_BELOW_MB = integer("disk.refuse-below-mb", "32", 0, 1_000_000,
            "New records are refused while free space is below this (MiB); stored ones are kept.");
    public static final Setting SHED_BELOW_MB = integer("disk.shed-below-mb", "128", 0, 1_000_000,
            "Below this free space (MiB), acknowledged records are purged early and event payloads shed.");
    public static final Setting RESERVE_MB = integer("disk.reserve-mb", "8", 0, 1024,
            "Ballast file (MiB) given up when the disk fills, so bookkeeping can still commit.");
    public static final Setting LOG_DIR = new Setting("log.dir", "", "empty (<data.dir>/logs) or a directory path",
            "Where log files go.", v -> null, List.of(), false);
    public static final Setting LOG_LEVEL = new Setting("log.level", "info", "trace, debug, info, warn or error",
            "Default log level.", Settings::levelProblem, List.of(), false);
    public static final Setting LOG_LEVELS = new Setting("log.levels", "",
            "comma-separated package=level pairs, e.g. org.doudi.link=debug",
            "Log levels per package.", Settings::packageLevelsProblem, List.of(), false);
    public static final Setting LOG_FILE_SIZE_MB = integer("log.file-size-mb", "4", 1, 1024,
            "Size at which the log file rolls over (MiB).");
    public static final Setting LOG_FILES = integer("log.files", "5", 1, 100,
            "Log files kept in all; total log size is at most file-size-mb times this.");
    public static final Setting LOG_CONSOLE_LEVEL = new Setting("log.console-level", "warn",
            "off, trace, debug, info, warn or error", "Level of log lines also written to standard error.",
            v -> "off".equals(v) ? null : levelProblem(v), List.of(), false);
    public static final Setting SECURITY_DEVICE_KEY = new Setting("security.device-key", "",
            "empty (records not signed: a device not enrolled) or the PEM file of the device's Ed25519 private key",
            "Signs every envelope; made on the device at enrolment and never copied off it. Needs security.central-key.",
            Settings::optionalFile, List.of(), false);
    public static final Setting SECURITY_CENTRAL_KEY = new Setting("security.central-key", "",
            "empty (payloads not sealed) or a PEM file with the centre's X25519 public key",
            "Payloads are sealed to it at capture (HPKE): only the centre can read them. Needs security.device-key.",
            Settings::optionalFile, List.of(), false);
    public static final Setting SECURITY_DEVICE_SEALING_KEY = new Setting("security.device-sealing-key", "",
            "empty (rotate-credentials is refused: a device enrolled by an older version) or the PEM file of the device's X25519 private key",
            "Opens the new broker credentials of a rotate-credentials command, sealed to this device alone; made on the device at enrolment and never copied off it.",
            Settings::optionalFile, List.of(), false);
    public static final Setting SECURITY_ENROLMENT_ID = new Setting("security.enrolment-id", "",
            "empty (no enrolment to announce) or 32 hex digits", "The single-use id of the bundle this device was "
                    + "enrolled with; sent with the device's public key on its enrol topic, so the centre pins that key.",
            v -> v.isEmpty() || v.matches("[0-9a-f]{32}") ? null : "not 32 lower-case hex digits", List.of(), false);
    public static final Setting SECURITY_COMMAND_KEY = new Setting("security.command-key", "",
            "empty (no command is trusted: each is refused and reported) or a PEM file with the office's Ed25519 command public key",
            "Commands on the device's cmd topic (resend, config, wipe, rotate-credentials) run only when signed with this key (docs/protocol.md).",
            Settings::optionalFile, List.of(), false);

    public static final Setting CARDS_ROOT_KEY = new Setting("cards.root-key", "",
            "empty (household cards not verified) or a PEM file with the office's Ed25519 root public key (root.public.pem)",
            "Signs the trust and revocation lists of household-card issuers.", Settings::optionalFile, List.of(), false);
    public static final Setting CARDS_TRUST_LIST = new Setting("cards.trust-list", "",
            "empty or a signed trust list file", "Card-issuer keys by key id, signed with cards.root-key.",
            Settings::optionalFile, List.of(), false);
    public static final Setting CARDS_REVOCATION_LIST = new Setting("cards.revocation-list", "",
            "empty (nothing revoked) or a signed revocation list file", "Revoked card serials, signed with cards.root-key.",
            Settings::optionalFile, List.of(), false);

    public static final List<Setting> ALL = List.of(DEVICE_ID, TOWNSHIP, DATA_DIR, BROKER_URL, BROKER_USERNAME,
            BROKER_PASSWORD, TLS_CA_FILE, TLS_CLIENT_KEYSTORE, TLS_CLIENT_KEYSTORE_PASSWORD, KEEPALIVE, CONNECT_TIMEOUT,
            INFLIGHT_WINDOW, RECONNECT_INITIAL, RECONNECT_MAX, RECONNECT_STABLE_AFTER, DRAIN_RATE, DRAIN_BURST,
            ACK_TIMEOUT, RETENTION, POLL_INTERVAL, MAX_SIZE_MB, REFUSE_BELOW_MB, SHED_BELOW_MB, RESERVE_MB, LOG_DIR,
            LOG_LEVEL, LOG_LEVELS, LOG_FILE_SIZE_MB, LOG_FILES, LOG_CONSOLE_LEVEL, SECURITY_DEVICE_KEY, SECURITY_CENTRAL_KEY,
            SECURITY_DEVICE_SEALING_KEY, SECURITY_ENROLMENT_ID, SECURITY_COMMAND_KEY,
            CARDS_ROOT_KEY, CARDS_TRUST_LIST,
            CARDS_REVOCATION_LIST);

    public static final Map<String, Setting> BY_KEY = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));

    /** The known key a typo most likely meant: at most two edits away. */
    public static Optional<String> closestKey(String typo) {
        String best = null;
        int bestDistance = 3;
        for (String key : BY_KEY.keySet()) {
            int d = editDistance(typo, key);
            if (d < bestDistance) {
                best = key;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    // ---------------------------------------------------------------- value rules

    private static Setting duration(String key, String def, double minSeconds, double maxSeconds, String description) {
        String allowed = "a duration like 500ms, 30s, 5m, 2h or 7d, from " + human(minSeconds) + " to " + human(maxSeconds);
        return new Setting(key, def, allowed, description, v -> {
            Optional<Duration> d = parseDuration(v);
            if (d.isEmpty()) {
                return "not a duration";
            }
            // Not toNanos(): it overflows for anything above 292 years, which must be "out of range", not a crash.
            double seconds = d.get().getSeconds() + d.get().getNano() / 1e9;
            return seconds < minSeconds || seconds > maxSeconds ? "out of range" : null;
        }, List.of(), false);
    }

    private static Setting integer(String key, String def, long min, long max, String description) {
        return new Setting(key, def, "a whole number from " + min + " to " + max, description, v -> {
            try {
                long n = Long.parseLong(v.trim());
                return n < min || n > max ? "out of range" : null;
            } catch (NumberFormatException e) {
                return "not a whole number";
            }
        }, List.of(), false);
    }

    private static String human(double seconds) {
        if (seconds < 1) {
            return Math.round(seconds * 1000) + "ms";
        }
        if (seconds >= 86400 && seconds % 86400 == 0) {
            return (long) (seconds / 86400) + "d";
        }
        return (long) seconds + "s";
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, or ISO-8601 ({@code PT30S}). */
    public static Optional<Duration> parseDuration(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                Duration iso = Duration.parse(v.toUpperCase(Locale.ROOT));
                return iso.isNegative() ? Optional.empty() : Optional.of(iso);
            }
            String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}, {"d", "86400000"}};
            for (String[] unit : units) {
                if (v.endsWith(unit[0]) && !(unit[0].equals("s") && v.endsWith("ms"))) {
                    long n = Long.parseLong(v.substring(0, v.length() - unit[0].length()).trim());
                    return n < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.multiplyExact(n, Long.parseLong(unit[1]))));
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String brokerUrlProblem(String value) {
        for (String url : value.split(",")) {
            try {
                URI uri = new URI(url.trim());
                if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme())) {
                    return "scheme must be tcp or ssl";
                }
                if (uri.getHost() == null || uri.getPort() < 1) {
                    return "host and port are required";
                }
            } catch (java.net.URISyntaxException e) {
                return "not a URL";
            }
        }
        return null;
    }

    private static String optionalFile(String value) {
        if (value.isEmpty()) {
            return null;
        }
        return java.nio.file.Files.isReadable(Path.of(value)) ? null : "file not readable";
    }

    private static String levelProblem(String value) {
        return List.of("trace", "debug", "info", "warn", "error").contains(value) ? null : "unknown level";
    }

    private static String packageLevelsProblem(String value) {
        if (value.isBlank()) {
            return null;
        }
        for (String pair : value.split(",")) {
            String[] kv = pair.trim().split("=");
            if (kv.length != 2 || !kv[0].trim().matches("[A-Za-z_][A-Za-z0-9_.]*") || levelProblem(kv[1].trim()) != null) {
                return "bad package=level pair";
            }
        }
        return null;
    }

    private static String defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("doudi").toString();
    }
}
