package org.doudi.enrolment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.doudi.config.Setting;
import org.doudi.config.Settings;
import org.doudi.credential.files.PemKeys;
import org.doudi.security.Keys;
import org.doudi.security.UnusableKey;

/**
 * Makes a bare device one of the office's: from a verified bundle it generates the device's own
 * signing and sealing keys (which never leave the device), writes the keys and certificates the bundle carries next
 * to the configuration file, and then the configuration itself, atomically and last — so a device is
 * either enrolled with all its files or, after a power cut, not enrolled at all (the partly written key
 * files then make enrolling again stop at "already enrolled" until ./doudi wipe clears them).
 */
public final class DeviceEnrolment {
    public static final String DEVICE_KEY_FILE = "device.key";
    public static final String DEVICE_PUBLIC_KEY_FILE = "device.pub.pem";
    public static final String DEVICE_SEALING_KEY_FILE = "device-sealing.key";
    public static final String SEALING_KEY_FILE = "centre-sealing.pub.pem";
    public static final String CARDS_ROOT_KEY_FILE = "cards-root.pub.pem";
    public static final String COMMAND_KEY_FILE = "command.pub.pem";
    public static final String BROKER_CA_FILE = "broker-ca.pem";
    public static final String KIOSK_FILE = "kiosk.properties";
    public static final String ENROLMENT_FILE = "enrolment.properties";
    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<?> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private DeviceEnrolment() {
    }

    /** What enrolment did: the new key's id, to compare with what the centre pins. */
    public record Enrolled(EnrolmentBundle bundle, Keys.DevicePublicKey deviceKey, Path configFile) {
    }

    /** Enrols with a bundle that {@link BundleVerifier} found {@link BundleVerification.Valid}. */
    public static Enrolled enrol(BundleVerification.Valid verified, Path configFile, Clock clock) throws EnrolmentException {
        EnrolmentBundle bundle = verified.bundle();
        Path config = configFile.toAbsolutePath();
        Path dir = config.getParent();
        Properties existing = readConfig(config);
        if (!existing.getProperty(Settings.SECURITY_DEVICE_KEY.key(), "").isBlank()
                || Files.exists(dir.resolve(DEVICE_KEY_FILE))) {
            throw new EnrolmentException(new EnrolmentError.AlreadyEnrolled(config));
        }
        Map<String, String> keyFiles = keyFiles(bundle);
        createDirectory(dir);

        Keys.DeviceSigningKey deviceKey = Keys.DeviceSigningKey.generate();
        createNew(dir.resolve(DEVICE_KEY_FILE), deviceKey.toPem());
        createNew(dir.resolve(DEVICE_PUBLIC_KEY_FILE), deviceKey.publicKey().toPem());
        createNew(dir.resolve(DEVICE_SEALING_KEY_FILE), Keys.DeviceSealingKey.generate().toPem());
        for (Map.Entry<String, String> file : keyFiles.entrySet()) {
            createNew(dir.resolve(file.getKey()), file.getValue());
        }
        createNew(dir.resolve(KIOSK_FILE), kioskProperties(bundle));
        createNew(dir.resolve(ENROLMENT_FILE), """
                # Written by ./doudi enroll. The enrolment id is the bundle's single-use nonce; the centre accepts it once.
                enrolment-id=%s
                enrolled-at=%s
                device-key-id=%s
                provisioning-key-id=%s
                """.formatted(bundle.enrolmentId(), clock.instant(), deviceKey.keyId().value(),
                verified.signer().value()));

        Map<Setting, String> settings = new LinkedHashMap<>();
        settings.put(Settings.DEVICE_ID, bundle.device().deviceId());
        settings.put(Settings.TOWNSHIP, bundle.device().township());
        settings.put(Settings.BROKER_URL, String.join(",", bundle.brokerUrls()));
        settings.put(Settings.BROKER_USERNAME, bundle.brokerUsername());
        settings.put(Settings.BROKER_PASSWORD, bundle.brokerPassword());
        if (keyFiles.containsKey(BROKER_CA_FILE)) {
            settings.put(Settings.TLS_CA_FILE, dir.resolve(BROKER_CA_FILE).toString());
        }
        settings.put(Settings.SECURITY_DEVICE_KEY, dir.resolve(DEVICE_KEY_FILE).toString());
        settings.put(Settings.SECURITY_DEVICE_SEALING_KEY, dir.resolve(DEVICE_SEALING_KEY_FILE).toString());
        settings.put(Settings.SECURITY_CENTRAL_KEY, dir.resolve(SEALING_KEY_FILE).toString());
        settings.put(Settings.SECURITY_ENROLMENT_ID, bundle.enrolmentId());
        settings.put(Settings.CARDS_ROOT_KEY, dir.resolve(CARDS_ROOT_KEY_FILE).toString());
        settings.put(Settings.SECURITY_COMMAND_KEY, dir.resolve(COMMAND_KEY_FILE).toString());
        settings.forEach((setting, value) -> existing.setProperty(setting.key(), value));
        replaceAtomically(config, configText(existing));
        return new Enrolled(bundle, deviceKey.publicKey(), config);
    }

    /** Every key file's name and PEM text, checked before anything is written: a bad key stops enrolment untouched. */
    private static Map<String, String> keyFiles(EnrolmentBundle bundle) throws EnrolmentException {
        Map<String, String> files = new LinkedHashMap<>();
        String sealing = Keys.pem("PUBLIC KEY", bundle.sealingKey());
        String root = Keys.pem("PUBLIC KEY", bundle.cardsRootKey());
        String command = Keys.pem("PUBLIC KEY", bundle.commandKey());
        try {
            Keys.centralPublicKey(sealing);
            PemKeys.ed25519PublicKey(root);
            PemKeys.ed25519PublicKey(command);
        } catch (UnusableKey | IllegalArgumentException e) {
            throw new EnrolmentException(new EnrolmentError.Refused(
                    new BundleVerification.Malformed("a key in the bundle is not of its kind")));
        }
        files.put(SEALING_KEY_FILE, sealing);
        files.put(CARDS_ROOT_KEY_FILE, root);
        files.put(COMMAND_KEY_FILE, command);
        if (!bundle.brokerCaCertificates().isEmpty()) {
            StringBuilder chain = new StringBuilder();
            bundle.brokerCaCertificates().forEach(der -> chain.append(Keys.pem("CERTIFICATE", der)));
            files.put(BROKER_CA_FILE, chain.toString());
        }
        return files;
    }

    private static String kioskProperties(EnrolmentBundle bundle) {
        return """
                # Written by ./doudi enroll from the office's bundle; read by the kiosk UI.
                role=%s
                languages=%s
                session-timeout=%ds
                assistance-types=%s
                """.formatted(bundle.role().wireName(), String.join(",", bundle.kiosk().languages()),
                bundle.kiosk().sessionTimeout().toSeconds(), String.join(",", bundle.kiosk().assistanceTypes()));
    }

    private static Properties readConfig(Path config) throws EnrolmentException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return properties;
        } catch (IOException | IllegalArgumentException e) {
            throw new EnrolmentException(new EnrolmentError.CannotRead(config, e.getClass().getSimpleName()));
        }
        return properties;
    }

    /** Sorted, so that a technician finds keys where they expect them; comments of a hand-written file are not kept. */
    private static String configText(Properties properties) {
        List<String> keys = new ArrayList<>(properties.stringPropertyNames());
        keys.sort(null);
        StringBuilder text = new StringBuilder("# Doudi agent configuration, written by ./doudi enroll; docs/configuration.md.\n");
        Properties one = new Properties();
        for (String key : keys) {
            one.clear();
            one.setProperty(key, properties.getProperty(key));
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                // Properties escapes as it must; its date comment line is dropped.
                one.store(new OutputStreamWriter(line, StandardCharsets.UTF_8), null);
            } catch (IOException e) {
                throw new IllegalStateException("writing to memory failed", e);
            }
            line.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                    .forEach(l -> text.append(l).append('\n'));
        }
        return text.toString();
    }

    private static void createDirectory(Path dir) throws EnrolmentException {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, OWNER_ONLY_DIRECTORY);
            }
        } catch (IOException e) {
            throw new EnrolmentException(new EnrolmentError.CannotWrite(dir, e.getClass().getSimpleName()));
        }
    }

    private static void createNew(Path file, String text) throws EnrolmentException {
        try (FileChannel channel = FileChannel.open(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY)) {
            writeFully(channel, text);
        } catch (FileAlreadyExistsException e) {
            throw new EnrolmentException(new EnrolmentError.CannotWrite(file,
                    "it already exists (left by an earlier enrolment)"));
        } catch (IOException e) {
            throw new EnrolmentException(new EnrolmentError.CannotWrite(file, e.getClass().getSimpleName()));
        }
    }

    /** Temporary file in the same directory, fsync, rename, fsync the directory: the agent reads the old file or the new. */
    private static void replaceAtomically(Path file, String text) throws EnrolmentException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), OWNER_ONLY)) {
                writeFully(channel, text);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new EnrolmentException(new EnrolmentError.CannotWrite(file, e.getClass().getSimpleName()));
        }
    }

    private static void writeFully(FileChannel channel, String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(true);
    }
}
