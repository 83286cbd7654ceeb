package org.doudi.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Changes to the configuration file made by the agent itself (a {@code config} command, {@code wipe}).
 * The new file is written beside the old one, synced and renamed over it, so a power cut leaves either
 * the old file or the new one, never half of each. Comments of the old file are not kept.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /** Sets {@code set}, removes {@code remove}, keeps every other key; {@code header} becomes the first comment. */
    public static void update(Path file, Map<String, String> set, Set<String> remove, String header) throws IOException {
        Properties current = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                current.load(r);
            }
        }
        Map<String, String> next = new TreeMap<>();
        current.stringPropertyNames().forEach(k -> next.put(k, current.getProperty(k)));
        remove.forEach(next::remove);
        next.putAll(set);
        StringBuilder text = new StringBuilder("# ").append(header).append('\n');
        for (Map.Entry<String, String> e : next.entrySet()) {
            // One entry at a time through Properties, for its escaping; sorted keys keep the file readable.
            Properties one = new Properties();
            one.setProperty(e.getKey(), e.getValue());
            StringWriter line = new StringWriter();
            one.store(line, null);
            line.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> text.append(l).append('\n'));
        }
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(StandardCharsets.UTF_8.encode(text.toString()));
            ch.force(true);
        }
        if (Files.exists(file) && Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            // The file may hold the broker password: the new one is no more readable than the old.
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
