package org.doudi.outbox;

import org.doudi.record.DeviceIdentity;

/**
 * The data directory belongs to another device identity. Records in it were stamped with that
 * identity; sending them under a new one would break the centre's gap detection.
 */
public final class IdentityMismatch extends Exception {
    public IdentityMismatch(DeviceIdentity stored, DeviceIdentity configured) {
        super("this data directory belongs to device " + stored.deviceId() + " (township " + stored.township()
                + ") but the configuration says " + configured.deviceId() + " (township " + configured.township()
                + "); use the matching --device-id/--township or another --data-dir");
    }
}
