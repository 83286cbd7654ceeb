package org.doudi.outbox;

/** Proof that a record is on disk: its identity and its place in the device's stream. */
public record Receipt(String recordId, long seq) {
}
