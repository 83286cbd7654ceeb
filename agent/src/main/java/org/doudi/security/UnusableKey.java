package org.doudi.security;

/** A key file that cannot serve its purpose; the message says which key and why, never its contents. */
public final class UnusableKey extends Exception {
    public UnusableKey(String what) {
        super(what);
    }
}
