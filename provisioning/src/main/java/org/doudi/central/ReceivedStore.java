package org.doudi.central;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;

/**
 * Where the centre keeps what devices sent. Every method that returns has made its effect durable:
 * the receiver acknowledges a record to its device only after {@link #store} or {@link #storeAll}
 * returned for it. Implementations fail with {@link ReceivedStoreFailure}.
 */
public interface ReceivedStore extends AutoCloseable {

    /** Stores one envelope, idempotently by record_id. */
    StoreResult store(Envelope envelope, byte[] raw);

    /**
     * Stores a batch, results in the batch's order. Implementations should make this one transaction;
     * the default stores one by one.
     */
    default List<StoreResult> storeAll(List<ReceivedEnvelope> batch) {
        List<StoreResult> results = new ArrayList<>(batch.size());
        for (ReceivedEnvelope r : batch) {
            results.add(store(r.envelope(), r.raw()));
        }
        return results;
    }

    /**
     * The readable payload of a stored record: what the receiver opened (or received readable). Empty
     * for an unknown record, or one stored sealed by a receiver that did not hold the centre's key — its
     * envelope is kept as received, and can be opened later.
     */
    Optional<JsonNode> payload(String recordId);

    /** The stored seq ranges of one device (empty if none). */
    DeviceProgress progress(DeviceIdentity device);

    /** Every device with at least one stored record. */
    Set<DeviceIdentity> devices();

    /** Number of stored records (conflicts kept aside not included). */
    long count();

    /** Number of distinct conflicting envelopes kept aside. */
    long conflictCount();

    @Override
    void close();
}
