package org.doudi.scan;

/**
 * Hard caps on what a scan may hand the rest of the agent. Nothing Doudi prints or reads comes near them
 * (a signed household card is under 1 KB), so anything bigger is refused rather than processed slowly.
 */
public final class ScanLimits {
    /** Longest accepted text of one read, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 4 * 1024;
    /** Largest accepted image or frame, in pixels (40 MP: beyond any kiosk camera, well within heap). */
    public static final long MAX_IMAGE_PIXELS = 40_000_000L;

    private ScanLimits() {
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
