package org.doudi.outbox;

import org.doudi.record.RecordType;

/** A claimed record, ready to publish: its wire bytes were fixed when it was stored. */
public record Outgoing(long seq, RecordType type, byte[] envelope) {
}
