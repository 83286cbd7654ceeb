package org.doudi.provisioning.enrolment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.doudi.credential.KeyId;
import org.doudi.enrolment.EnrolmentBundle;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityError;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.files.OfficeFiles;
import org.doudi.record.DeviceIdentity;

/**
 * What the office knows of each device it added, in the authority directory under
 * {@code devices/<id>/}: {@code enrolment.properties} (the bundle's single-use enrolment id, township,
 * role and dates, never the password), {@code mosquitto-passwd} (the device's line for the broker's
 * password file, hashed; replaced by {@code rotate-credentials}), {@code mosquitto-acl} (its ACL block) and,
 * once it enrolled, {@code device.pub.pem} (its pinned public key) and {@code device-sealing.pub.pem} (its
 * sealing key, for devices enrolled by versions that announce one). One directory per device id, made
 * once: adding the same id again is refused, so an enrolment id is never silently replaced.
 */
public final class DeviceRecords {
    public static final String DIRECTORY = "devices";
    public static final String ENROLMENT_FILE = "enrolment.properties";
    public static final String PASSWORD_LINE_FILE = "mosquitto-passwd";
    public static final String ACL_BLOCK_FILE = "mosquitto-acl";
    /** The device's own public key, written once when it first presents its enrolment id. */
    public static final String DEVICE_KEY_FILE = "device.pub.pem";
    /** The device's sealing key, pinned with its signing key from the same signed announcement. */
    public static final String SEALING_KEY_FILE = "device-sealing.pub.pem";

    private final Path devices;

    public DeviceRecords(Authority authority) {
        this.devices = authority.dir().resolve(DIRECTORY);
    }

    public Path directory(DeviceIdentity device) {
        return devices.resolve(device.deviceId());
    }

    public Path passwordLine(DeviceIdentity device) {
        return directory(device).resolve(PASSWORD_LINE_FILE);
    }

    public Path aclBlock(DeviceIdentity device) {
        return directory(device).resolve(ACL_BLOCK_FILE);
    }

    /** Refuses early, before any key is decrypted, a device id this office already added. */
    public void requireNew(DeviceIdentity device) throws AuthorityException {
        if (Files.exists(directory(device))) {
            throw new AuthorityException(new AuthorityError.DeviceExists(device.deviceId(), directory(device)));
        }
    }

    /** Writes the device's directory; all files owner-only, as everything in the authority directory. */
    public void recordIssued(EnrolmentBundle bundle, String passwordLine, String aclBlock) throws AuthorityException {
        Path dir = directory(bundle.device());
        try {
            Files.createDirectories(devices, OfficeFiles.OWNER_ONLY_DIRECTORY);
            Files.createDirectory(dir, OfficeFiles.OWNER_ONLY_DIRECTORY);
        } catch (FileAlreadyExistsException e) {
            throw new AuthorityException(new AuthorityError.DeviceExists(bundle.device().deviceId(), dir));
        } catch (IOException e) {
            throw new AuthorityException(new AuthorityError.CannotWrite(dir, OfficeFiles.reason(e)));
        }
        write(dir.resolve(ENROLMENT_FILE), """
                # Written by ./provision device add. state: issued, then enrolled once the device presents the enrolment id.
                device-id=%s
                township=%s
                role=%s
                enrolment-id=%s
                issued-at=%s
                expires-at=%s
                state=issued
                """.formatted(bundle.device().deviceId(), bundle.device().township(), bundle.role().wireName(),
                bundle.enrolmentId(), bundle.issuedAt(), bundle.expiresAt()));
        write(dir.resolve(PASSWORD_LINE_FILE), passwordLine + "\n");
        write(dir.resolve(ACL_BLOCK_FILE), aclBlock);
    }

    /** The enrolment record of a device this office added, if it did. */
    public Optional<Properties> enrolment(String deviceId) throws IOException {
        Path file = devices.resolve(deviceId).resolve(ENROLMENT_FILE);
        if (!DeviceIdentity.isValidDeviceId(deviceId) || !Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return Optional.of(properties);
    }

    /** The pinned key's PEM, if the device enrolled. */
    public Optional<String> pinnedKey(String deviceId) throws IOException {
        return pinned(deviceId, DEVICE_KEY_FILE);
    }

    /** The pinned sealing key's PEM, if the device enrolled and announced one. */
    public Optional<String> pinnedSealingKey(String deviceId) throws IOException {
        return pinned(deviceId, SEALING_KEY_FILE);
    }

    private Optional<String> pinned(String deviceId, String fileName) throws IOException {
        Path file = devices.resolve(deviceId).resolve(fileName);
        if (!DeviceIdentity.isValidDeviceId(deviceId) || !Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /**
     * Replaces the device's password line atomically (for {@code rotate-credentials}) and returns the line
     * it replaced, so that a command that was not published can put it back.
     */
    public String replacePasswordLine(DeviceIdentity device, String passwordLine) throws AuthorityException {
        Path file = passwordLine(device);
        String previous;
        try {
            previous = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new AuthorityException(new AuthorityError.CannotRead(file, OfficeFiles.reason(e)));
        }
        try {
            OfficeFiles.replace(file, (passwordLine + "\n").getBytes(StandardCharsets.UTF_8), OfficeFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new AuthorityException(new AuthorityError.CannotWrite(file, OfficeFiles.reason(e)));
        }
        return previous;
    }

    /**
     * Pins the device's key: creating {@code device.pub.pem} is the single step that uses the enrolment id
     * up, so of two devices presenting the same bundle at once exactly one wins. Only the winner then pins
     * its sealing key, and the record says so.
     *
     * @throws FileAlreadyExistsException when a key is already pinned
     */
    public void pin(DeviceIdentity device, String publicKeyPem, Optional<String> sealingKeyPem, KeyId keyId,
            Instant at) throws IOException {
        Path dir = directory(device);
        OfficeFiles.createNew(dir.resolve(DEVICE_KEY_FILE), publicKeyPem.getBytes(StandardCharsets.US_ASCII),
                OfficeFiles.OWNER_ONLY);
        if (sealingKeyPem.isPresent()) {
            OfficeFiles.createNew(dir.resolve(SEALING_KEY_FILE),
                    sealingKeyPem.get().getBytes(StandardCharsets.US_ASCII), OfficeFiles.OWNER_ONLY);
        }
        Path record = dir.resolve(ENROLMENT_FILE);
        String text = Files.readString(record, StandardCharsets.UTF_8).replace("state=issued",
                "state=enrolled\ndevice-key-id=" + keyId.value() + "\nenrolled-at=" + at);
        OfficeFiles.replace(record, text.getBytes(StandardCharsets.UTF_8), OfficeFiles.OWNER_ONLY);
    }

    private static void write(Path file, String text) throws AuthorityException {
        try {
            OfficeFiles.createNew(file, text.getBytes(StandardCharsets.UTF_8), OfficeFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new AuthorityException(new AuthorityError.CannotWrite(file, OfficeFiles.reason(e)));
        }
    }
}
