package org.doudi.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.doudi.config.AgentConfig;
import org.doudi.config.ConfigFile;
import org.doudi.config.Setting;
import org.doudi.config.Settings;

/**
 * Decommissioning, and the factory reset before a second enrolment: the device's keys, its outbox, its
 * logs and its identity go. On an enrolled device the payloads were sealed to the centre, so once the
 * device key is gone what flash may still hold (SSDs and SD cards remap blocks; overwriting is best
 * effort) is ciphertext nobody on the device can open. An unenrolled device's data is only deleted.
 */
public final class Wipe {
    /** The settings that make a device "this enrolled device"; the config keeps none of them after a wipe. */
    private static final List<Setting> IDENTITY = List.of(Settings.DEVICE_ID, Settings.TOWNSHIP, Settings.BROKER_USERNAME,
            Settings.BROKER_PASSWORD, Settings.TLS_CLIENT_KEYSTORE, Settings.TLS_CLIENT_KEYSTORE_PASSWORD,
            Settings.SECURITY_DEVICE_KEY, Settings.SECURITY_DEVICE_SEALING_KEY, Settings.SECURITY_CENTRAL_KEY,
            Settings.SECURITY_COMMAND_KEY);
    /** Key files named by the configuration: private ones and the public keys that tie the device to an office. */
    private static final List<Setting> KEY_FILES = List.of(Settings.SECURITY_DEVICE_KEY,
            Settings.SECURITY_DEVICE_SEALING_KEY, Settings.TLS_CLIENT_KEYSTORE,
            Settings.SECURITY_CENTRAL_KEY, Settings.SECURITY_COMMAND_KEY);
    private static final List<String> DATA_FILES = List.of("seq.reserve", "reserve.bin");

    /** What was destroyed, by file name only, and the configuration file made "not enrolled" (if there is one). */
    public record Report(List<String> destroyed, Optional<Path> configReset) {
    }

    private Wipe() {
    }

    /**
     * @throws DataDirLock.Held while an agent runs on the data directory: it would keep writing
     */
    public static Report run(AgentConfig config) throws DataDirLock.Held, IOException {
        Path dataDir = config.dataDir();
        try (DataDirLock ignored = DataDirLock.acquire(dataDir)) {
            Set<Path> doomed = new LinkedHashSet<>();
            for (Setting s : KEY_FILES) {
                config.optionalText(s).map(Path::of).ifPresent(doomed::add);
            }
            doomed.addAll(matching(dataDir, "outbox.db*"));
            DATA_FILES.forEach(name -> doomed.add(dataDir.resolve(name)));
            doomed.addAll(matching(config.logDir(), "*.log"));
            // The configuration first: were the wipe cut short, it must not name keys that are already gone.
            Optional<Path> configReset = config.file();
            if (configReset.isPresent()) {
                ConfigFile.update(configReset.get(), Map.of(), IDENTITY.stream().map(Setting::key)
                        .collect(java.util.stream.Collectors.toSet()), "Not enrolled: wiped at " + Instant.now()
                        + ". Enrol again (./doudi enroll) before use.");
            }
            List<String> destroyed = new ArrayList<>();
            for (Path file : doomed) {
                if (Files.isRegularFile(file)) {
                    destroy(file);
                    destroyed.add(file.getFileName().toString());
                }
            }
            return new Report(destroyed, configReset);
        }
    }

    /** Zeros over the whole length, synced, then the name: on a plain disk the old bytes are gone. */
    private static void destroy(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long at = 0; at < size; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                at += ch.write(zeros, at);
            }
            ch.force(true);
        }
        Files.delete(file);
    }

    private static List<Path> matching(Path dir, String glob) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            files.forEach(found::add);
        }
        return found;
    }
}
