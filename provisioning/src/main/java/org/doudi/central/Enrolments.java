package org.doudi.central;

import org.doudi.record.DeviceIdentity;

/**
 * Takes the enrolment announcements devices publish on {@code doudi/v1/<township>/<device>/enrol}
 * (docs/protocol.md, "Enrolment"): the reference one pins each device's key in the office's authority
 * directory. Called on the link's thread, so it must be quick and must not throw.
 */
public interface Enrolments {
    /** @param topicDevice the device the topic names; the payload must agree with it */
    void announced(DeviceIdentity topicDevice, byte[] payload);
}
