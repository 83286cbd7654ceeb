package org.doudi.provisioning.keys;

/** What unlocks the authority's private keys. Never printed: {@link #toString()} hides it. */
public final class Passphrase {
    /** A few words; scrypt slows guessing down, but cannot save a short passphrase. */
    public static final int MIN_LENGTH = 12;

    private final char[] chars;

    public Passphrase(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a passphrase is not empty");
        }
        this.chars = text.toCharArray();
    }

    public boolean longEnough() {
        return chars.length >= MIN_LENGTH;
    }

    char[] chars() {
        return chars.clone();
    }

    @Override
    public String toString() {
        return "Passphrase[hidden]";
    }
}
