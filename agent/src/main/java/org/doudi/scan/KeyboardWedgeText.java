package org.doudi.scan;

/**
 * Cleans text that a scanner in keyboard mode typed into a UI field: control characters (including the CR/LF or
 * Tab the scanner sends as "Enter") are removed, full-width ASCII (what a Chinese input method in full-width mode
 * produces, e.g. {@code １２３ＡＢＣ}) becomes half-width, the ideographic space becomes a space, and the ends are
 * trimmed.
 *
 * <p>What cannot be repaired here: a scanner configured for GBK/GB18030 output typing into a UTF-8 field produces
 * mojibake that has already lost information by the time it is text (the keystrokes were mapped through the wrong
 * code page). The fix is on the scanner (set it to UTF-8 or Unicode/Alt-code output) or to use it as a serial
 * device, where {@link SerialLineReader} decodes the bytes with the configured charset.
 */
public final class KeyboardWedgeText {
    private static final char FULL_WIDTH_FIRST = '\uFF01';
    private static final char FULL_WIDTH_LAST = '\uFF5E';
    private static final int FULL_WIDTH_OFFSET = 0xFEE0;
    private static final char IDEOGRAPHIC_SPACE = '\u3000';

    private KeyboardWedgeText() {
    }

    public static String normalise(String typed) {
        StringBuilder out = new StringBuilder(typed.length());
        typed.codePoints().forEach(cp -> {
            if (cp >= FULL_WIDTH_FIRST && cp <= FULL_WIDTH_LAST) {
                out.append((char) (cp - FULL_WIDTH_OFFSET));
            } else if (cp == IDEOGRAPHIC_SPACE) {
                out.append(' ');
            } else if (!isControl(cp)) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString().strip();
    }

    /** Removes control characters and trims, leaving everything else exactly as the scanner sent it. */
    static String stripControls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !isControl(cp)).forEach(out::appendCodePoint);
        return out.toString().strip();
    }

    private static boolean isControl(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT;
    }
}
