package org.doudi.provisioning.enrolment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * password file, hashed) and {@code mosquitto-acl} (its ACL block). One directory per device id, made
 * once: adding the same id again is refused, so an enrolment id is never silently replaced.
 */
public final class DeviceRecords {
    public static final String DIRECTORY = "devices";
    public static final String ENROLMENT_FILE = "enrolment.properties";
    public static final String PASSWORD_LINE_FILE = "mosquitto-passwd";
    public static final String ACL_BLOCK_FILE = "mosquitto-acl";

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

    private static void write(Path file, String text) throws AuthorityException {
        try {
            OfficeFiles.createNew(file, text.getBytes(StandardCharsets.UTF_8), OfficeFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new AuthorityException(new AuthorityError.CannotWrite(file, OfficeFiles.reason(e)));
        }
    }
}
