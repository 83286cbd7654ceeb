package org.doudi.link;

/** The link could not do what was asked: not connected, refused, timed out, broken. */
public class LinkException extends Exception {
    public LinkException(String what, Throwable cause) {
        super(what, cause);
    }

    public LinkException(String what) {
        super(what);
    }
}
