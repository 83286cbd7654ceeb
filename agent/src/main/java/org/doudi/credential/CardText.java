package org.doudi.credential;

import org.apache.commons.codec.binary.Base45;

/**
 * The printed form of a card: {@code SA1:} then the COSE_Sign1 bytes in Base45 (RFC 9285). Base45
 * keeps the whole text inside the QR alphanumeric set, which packs 5.5 bits a character; the prefix
 * names the format version so a future {@code SA2:} can coexist on cards already in people's hands.
 */
public final class CardText {
    public static final String PREFIX = "SA1:";
    /** Far above a real card (about 150 bytes) and far below anything that could hurt to decode. */
    public static final int MAX_SIGNED_BYTES = 512;
    /** Base45 turns 2 bytes into 3 characters; the cap is applied before any decoding. */
    public static final int MAX_TEXT_LENGTH = PREFIX.length() + (MAX_SIGNED_BYTES + 1) / 2 * 3;

    private CardText() {
    }

    public static String format(byte[] signedCard) {
        if (signedCard.length > MAX_SIGNED_BYTES) {
            throw new IllegalArgumentException("a signed card is at most " + MAX_SIGNED_BYTES + " bytes");
        }
        return PREFIX + new Base45().encodeToString(signedCard);
    }

    static byte[] parse(String text) throws MalformedException {
        if (!text.startsWith(PREFIX)) {
            throw new MalformedException("not an SA1 card");
        }
        try {
            return new Base45().decode(text.substring(PREFIX.length()));
        } catch (RuntimeException e) {
            throw new MalformedException("not Base45");
        }
    }
}
