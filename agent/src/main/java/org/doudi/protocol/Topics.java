package org.doudi.protocol;

import java.util.Optional;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.RecordType;

/**
 * The topic tree (docs/protocol.md): {@code doudi/v1/<township>/<device>/<channel>}. Township and
 * device come first so a broker ACL can confine each device to its own prefix and central consumers
 * can subscribe per township. No personal data ever appears in a topic.
 */
public record Topics(DeviceIdentity device) {
    public static final String ROOT = "doudi/v1";
    public static final String ALL_RECORDS = ROOT + "/+/+/rec/#";
    public static final String ALL_STATUS = ROOT + "/+/+/status";
    public static final String ALL_ENROLMENTS = ROOT + "/+/+/enrol";

    public String prefix() {
        return ROOT + "/" + device.township() + "/" + device.deviceId();
    }

    public String record(RecordType type) {
        return prefix() + "/rec/" + type.wireName();
    }

    public String status() {
        return prefix() + "/status";
    }

    public String ack() {
        return prefix() + "/ack";
    }

    /** The device's public key with its enrolment id, retained (docs/protocol.md, "Enrolment"). */
    public String enrolment() {
        return prefix() + "/enrol";
    }

    public String command() {
        return prefix() + "/cmd";
    }

    /** The device a topic belongs to, if it is one of ours. */
    public static Optional<DeviceIdentity> deviceOf(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length < 5 || !(parts[0] + "/" + parts[1]).equals(ROOT)) {
            return Optional.empty();
        }
        if (!DeviceIdentity.isValidTownship(parts[2]) || !DeviceIdentity.isValidDeviceId(parts[3])) {
            return Optional.empty();
        }
        return Optional.of(new DeviceIdentity(parts[3], parts[2]));
    }
}
