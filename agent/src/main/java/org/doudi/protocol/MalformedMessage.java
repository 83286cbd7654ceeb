package org.doudi.protocol;

/** A message off the wire that is not what the protocol says; names what is wrong, never its content. */
public final class MalformedMessage extends Exception {
    public MalformedMessage(String what) {
        super(what);
    }

    public MalformedMessage(String what, Throwable cause) {
        super(what, cause);
    }
}
