package org.doudi.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.doudi.config.AgentConfig;
import org.doudi.config.ConfigException;
import org.doudi.config.Settings;
import org.doudi.enrolment.EnrolmentAnnouncement;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.RecordProtection;
import org.doudi.security.DeviceProtection;
import org.doudi.security.Keys;
import org.doudi.security.UnusableKey;

/**
 * The device's end-to-end protection, from the two key files its configuration names (both or neither),
 * the office's command key and the device's own sealing key.
 */
final class ProtectionKeys {
    private ProtectionKeys() {
    }

    static Optional<RecordProtection> load(AgentConfig config) throws ConfigException {
        Optional<String> deviceKey = config.optionalText(Settings.SECURITY_DEVICE_KEY);
        Optional<String> centralKey = config.optionalText(Settings.SECURITY_CENTRAL_KEY);
        if (deviceKey.isEmpty() && centralKey.isEmpty()) {
            return Optional.empty();
        }
        if (deviceKey.isEmpty() || centralKey.isEmpty()) {
            throw new ConfigException(Settings.SECURITY_DEVICE_KEY.key() + " and " + Settings.SECURITY_CENTRAL_KEY.key()
                    + " go together: records are sealed to the centre and signed by the device, or neither"
                    + " (enrolment sets both)");
        }
        try {
            return Optional.of(new DeviceProtection(
                    Keys.centralPublicKey(read(Settings.SECURITY_CENTRAL_KEY.key(), centralKey.get())),
                    Keys.deviceSigningKey(read(Settings.SECURITY_DEVICE_KEY.key(), deviceKey.get()))));
        } catch (UnusableKey e) {
            throw new ConfigException("a key file named by the security settings cannot be used: " + e.getMessage());
        }
    }

    /** The signed announcement of the device's key, for a device enrolled with a bundle (security.enrolment-id set). */
    static Optional<byte[]> enrolmentAnnouncement(AgentConfig config, DeviceIdentity identity, Clock clock)
            throws ConfigException {
        Optional<String> enrolmentId = config.optionalText(Settings.SECURITY_ENROLMENT_ID);
        Optional<String> deviceKey = config.optionalText(Settings.SECURITY_DEVICE_KEY);
        if (enrolmentId.isEmpty() || deviceKey.isEmpty()) {
            return Optional.empty();
        }
        try {
            Keys.DeviceSigningKey key = Keys.deviceSigningKey(read(Settings.SECURITY_DEVICE_KEY.key(), deviceKey.get()));
            return Optional.of(EnrolmentAnnouncement.sign(enrolmentId.get(), identity, key,
                    sealingKey(config).map(Keys.DeviceSealingKey::publicKey), clock.instant()).encode());
        } catch (UnusableKey e) {
            throw new ConfigException("a key file named by the security settings cannot be used: " + e.getMessage());
        }
    }

    /** The device's own sealing key, or empty (enrolled by an older version): then rotate-credentials is refused. */
    static Optional<Keys.DeviceSealingKey> sealingKey(AgentConfig config) throws ConfigException {
        Optional<String> file = config.optionalText(Settings.SECURITY_DEVICE_SEALING_KEY);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Keys.deviceSealingKey(read(Settings.SECURITY_DEVICE_SEALING_KEY.key(), file.get())));
        } catch (UnusableKey e) {
            throw new ConfigException(Settings.SECURITY_DEVICE_SEALING_KEY.key() + " cannot be used: " + e.getMessage());
        }
    }

    /** The office's command key, or empty: then every command is refused and reported. */
    static Optional<Keys.CommandPublicKey> commandKey(AgentConfig config) throws ConfigException {
        Optional<String> file = config.optionalText(Settings.SECURITY_COMMAND_KEY);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Keys.commandPublicKey(read(Settings.SECURITY_COMMAND_KEY.key(), file.get())));
        } catch (UnusableKey e) {
            throw new ConfigException(Settings.SECURITY_COMMAND_KEY.key() + " cannot be used: " + e.getMessage());
        }
    }

    private static String read(String key, String file) throws ConfigException {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
