package org.doudi.enrolment;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a device is used as: a kiosk in the office's hall, or a caseworker's tablet in the field. */
public enum DeviceRole {
    KIOSK,
    TABLET;

    /** As in the bundle and on the command line: {@code kiosk} or {@code tablet}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeviceRole> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }
}
