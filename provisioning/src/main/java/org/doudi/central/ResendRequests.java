package org.doudi.central;

import java.util.Optional;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.SeqRange;

/** Makes the message that asks a device to send a seq range again: in production the office's signed command. */
@FunctionalInterface
public interface ResendRequests {
    /** The message for the device's {@code cmd} topic, or empty when none can be made now (logged by the maker). */
    Optional<byte[]> resendCommand(DeviceIdentity device, SeqRange gap);
}
