package org.doudi.security;

/**
 * A sealed payload that does not open: sealed to another key, altered on the way, or moved to another
 * record (the record's identity is bound into the seal).
 */
public final class UnreadablePayload extends Exception {
    public UnreadablePayload(String why) {
        super(why);
    }
}
