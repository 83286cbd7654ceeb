package org.doudi.provisioning.enrolment;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.doudi.central.Enrolments;
import org.doudi.enrolment.EnrolmentAnnouncement;
import org.doudi.protocol.MalformedMessage;
import org.doudi.record.DeviceIdentity;
import org.doudi.security.Keys;
import org.doudi.security.UnusableKey;
import org.tinylog.Logger;

/**
 * The reference inbox's view of which device holds which key, kept in the authority directory
 * ({@link DeviceRecords}): an announcement with the enrolment id the office issued, not used before, pins
 * the key it carries; the same key announced again (it is retained, and sent at every connection) is
 * fine; any other key for that device is refused — a second device with a copied bundle stays out.
 * {@link #key} is what {@code CentreProtection} checks each record's signature against.
 */
public final class EnrolledDevices implements Enrolments {
    private final DeviceRecords records;
    private final Clock clock;
    private final Map<String, Keys.DevicePublicKey> pinned = new ConcurrentHashMap<>();

    public EnrolledDevices(DeviceRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** What came of one announcement; the reason names ids only. */
    public sealed interface Outcome {
        record Pinned(DeviceIdentity device, Keys.DevicePublicKey key) implements Outcome {
        }

        record AlreadyPinned(DeviceIdentity device) implements Outcome {
        }

        record Refused(DeviceIdentity device, String reason) implements Outcome {
        }
    }

    /** The device's pinned key, if it enrolled; read from the authority directory once, then kept. */
    public Optional<Keys.DevicePublicKey> key(String deviceId) {
        Keys.DevicePublicKey known = pinned.get(deviceId);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            Optional<String> pem = records.pinnedKey(deviceId);
            if (pem.isEmpty()) {
                return Optional.empty();
            }
            Keys.DevicePublicKey key = Keys.devicePublicKey(pem.get());
            pinned.put(deviceId, key);
            return Optional.of(key);
        } catch (IOException | UnusableKey e) {
            Logger.warn("The pinned key of device {} cannot be read ({}); its records are refused", deviceId,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    @Override
    public void announced(DeviceIdentity topicDevice, byte[] payload) {
        switch (accept(topicDevice, payload)) {
            case Outcome.Pinned p -> Logger.info("Device {} enrolled: key {} pinned", p.device().deviceId(),
                    p.key().keyId().value());
            case Outcome.AlreadyPinned a -> Logger.debug("Device {} announced its pinned key again", a.device().deviceId());
            case Outcome.Refused r -> Logger.warn("Enrolment of device {} refused: {}", r.device().deviceId(), r.reason());
        }
    }

    public Outcome accept(DeviceIdentity topicDevice, byte[] payload) {
        EnrolmentAnnouncement announcement;
        Keys.DevicePublicKey key;
        try {
            announcement = EnrolmentAnnouncement.decode(payload);
            key = announcement.verifiedKey();
            // Parsed here so that a bad sealing key refuses the announcement before anything is pinned.
            announcement.sealingKey();
        } catch (MalformedMessage e) {
            return new Outcome.Refused(topicDevice, e.getMessage());
        }
        if (!announcement.device().equals(topicDevice)) {
            return new Outcome.Refused(topicDevice, "the announcement names another device or township than its topic");
        }
        Optional<Keys.DevicePublicKey> existing = key(topicDevice.deviceId());
        if (existing.isPresent()) {
            return existing.get().keyId().equals(key.keyId()) ? new Outcome.AlreadyPinned(topicDevice)
                    : new Outcome.Refused(topicDevice, "its enrolment id was already used by another key ("
                            + existing.get().keyId().value() + "): a copied bundle, or a device enrolled again "
                            + "without a new bundle from ./provision device add");
        }
        try {
            Optional<Properties> record = records.enrolment(topicDevice.deviceId());
            if (record.isEmpty()) {
                return new Outcome.Refused(topicDevice, "this office never added the device (no devices/"
                        + topicDevice.deviceId() + " in the authority)");
            }
            if (!topicDevice.township().equals(record.get().getProperty("township"))
                    || !announcement.enrolmentId().equals(record.get().getProperty("enrolment-id"))) {
                return new Outcome.Refused(topicDevice, "the enrolment id or township is not the one issued to it");
            }
            records.pin(topicDevice, announcement.publicKeyPem(), announcement.sealingKeyPem(), key.keyId(),
                    clock.instant());
            pinned.put(topicDevice.deviceId(), key);
            return new Outcome.Pinned(topicDevice, key);
        } catch (FileAlreadyExistsException e) {
            // Another announcement won the race between the check above and the pin.
            pinned.remove(topicDevice.deviceId());
            return accept(topicDevice, payload);
        } catch (IOException e) {
            return new Outcome.Refused(topicDevice, "the authority's device record cannot be read or written ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
