package org.doudi.link;

/**
 * The client's own in-flight window is full (Paho's error 32202). Back-pressure, not failure: wait
 * for acknowledgements and try again; the record stays in the outbox meanwhile.
 */
public final class LinkBusy extends LinkException {
    public LinkBusy() {
        super("too many messages in flight");
    }
}
