package org.doudi.provisioning.broker;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.doudi.record.DeviceIdentity;

/**
 * Everyone who may connect to the broker: devices (username = device id, checked by
 * {@link DeviceIdentity} so that no wildcard or separator reaches a topic) and central consumers.
 * Usernames share one password file and one ACL, so each may appear once across both lists.
 */
public record BrokerAccounts(List<DeviceIdentity> devices, List<CentralAccount> central) {
    public BrokerAccounts {
        devices = List.copyOf(devices);
        central = List.copyOf(central);
        Set<String> names = new HashSet<>();
        for (DeviceIdentity device : devices) {
            if (!names.add(device.deviceId())) {
                throw new InvalidBrokerSetting("device id listed twice: " + device.deviceId());
            }
        }
        for (CentralAccount account : central) {
            if (!names.add(account.name())) {
                throw new InvalidBrokerSetting("central account name already used by a device or another account: "
                        + account.name());
            }
        }
    }
}
