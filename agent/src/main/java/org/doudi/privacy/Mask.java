package org.doudi.privacy;

/**
 * Shortens personal data for display and logs: enough for a person to recognise their own record,
 * too little for anyone else to use. Full values never reach a log line or an exception message.
 */
public final class Mask {
    private Mask() {
    }

    /** {@code 110105194912310016} becomes {@code 110***********0016}. */
    public static String idNumber(String id) {
        if (id == null || id.isEmpty()) {
            return "";
        }
        if (id.length() <= 7) {
            return "*".repeat(id.length());
        }
        return id.substring(0, 3) + "*".repeat(id.length() - 7) + id.substring(id.length() - 4);
    }

    /** {@code 张三丰} becomes {@code 张**}: the family name alone. */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return "";
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(name.codePointCount(first, name.length()));
    }

    /** {@code 13800001234} becomes {@code 138****1234}. */
    public static String phone(String phone) {
        if (phone == null || phone.length() < 8) {
            return phone == null ? "" : "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
