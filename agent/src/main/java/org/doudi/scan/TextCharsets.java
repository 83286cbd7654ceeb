package org.doudi.scan;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Chooses the charset of a code's raw bytes when the code does not name one (no ECI).
 *
 * <p>Order: UTF-8 when the bytes are valid UTF-8 (all modern generators); Shift_JIS when its reading contains
 * Japanese kana, which text in the GB2312 range can never produce (Japanese labels turn up on imported goods and in
 * ZXing's own test set); otherwise GB18030 (a superset of GBK and GB2312, what older Chinese generators write)
 * when the bytes are valid GB18030; otherwise ISO-8859-1, which maps every byte and so never fails.
 *
 * <p>A GBK string and a Shift_JIS string of half-width katakana can be the very same bytes; this choice favours
 * Chinese because Doudi runs in Chinese offices.
 */
public final class TextCharsets {
    public static final Charset GB18030 = Charset.forName("GB18030");
    static final Charset SHIFT_JIS = Charset.forName("Shift_JIS");

    private TextCharsets() {
    }

    public static Charset choose(byte[] bytes) {
        if (isValid(bytes, StandardCharsets.UTF_8)) {
            return StandardCharsets.UTF_8;
        }
        if (isValid(bytes, SHIFT_JIS) && containsKana(new String(bytes, SHIFT_JIS))) {
            return SHIFT_JIS;
        }
        if (isValid(bytes, GB18030)) {
            return GB18030;
        }
        return StandardCharsets.ISO_8859_1;
    }

    public static String decode(byte[] bytes) {
        return new String(bytes, choose(bytes));
    }

    public static boolean isValid(byte[] bytes, Charset charset) {
        try {
            charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Hiragana or full-width katakana; GB2312-range Chinese read as Shift_JIS never produces these. */
    static boolean containsKana(String text) {
        return text.codePoints().anyMatch(cp -> {
            Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
            return block == Character.UnicodeBlock.HIRAGANA || block == Character.UnicodeBlock.KATAKANA;
        });
    }
}
