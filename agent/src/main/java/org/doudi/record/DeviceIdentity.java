package org.doudi.record;

import java.util.regex.Pattern;

/**
 * Who is speaking: the device id and the township (乡镇/街道, NBS 9- or 12-digit code) it serves.
 * Both appear in topics and logs, so the rules keep personal data out of them by construction.
 */
public record DeviceIdentity(String deviceId, String township) {
    private static final Pattern DEVICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,63}");
    private static final Pattern TOWNSHIP = Pattern.compile("[0-9]{9}([0-9]{3})?");

    public static final String DEVICE_ID_RULE = "3 to 64 characters: lowercase letters, digits and '-'";
    public static final String TOWNSHIP_RULE = "a 9- or 12-digit NBS township code";

    public DeviceIdentity {
        if (!isValidDeviceId(deviceId)) {
            throw new IllegalArgumentException("device id must be " + DEVICE_ID_RULE);
        }
        if (!isValidTownship(township)) {
            throw new IllegalArgumentException("township must be " + TOWNSHIP_RULE);
        }
    }

    public static boolean isValidDeviceId(String id) {
        return id != null && DEVICE_ID.matcher(id).matches();
    }

    public static boolean isValidTownship(String code) {
        return code != null && TOWNSHIP.matcher(code).matches();
    }
}
