package org.doudi.central;

/** What storing one envelope came to. */
public enum StoreResult {
    /** First time this record_id was seen; it is now stored for good. */
    NEW,
    /** The same record (record_id, device and seq) is already stored: a resend, re-acknowledge it. */
    DUPLICATE,
    /**
     * A different record than the one stored under this device's seq, or a record_id already stored
     * for another device or seq. Kept aside for a person to look at; never replaces what is stored.
     */
    CONFLICT
}
