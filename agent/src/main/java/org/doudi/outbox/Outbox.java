package org.doudi.outbox;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.NewRecord;
import org.doudi.record.SeqRange;

/**
 * The only source of truth about records on a device. Whatever the link, the broker or the client
 * library believe, a record is sent again until the centre acknowledges it here.
 */
public interface Outbox extends AutoCloseable {

    DeviceIdentity identity();

    /** Stores the records durably, in one transaction, giving each the next {@code seq}. */
    List<Receipt> append(List<NewRecord> records) throws OutboxFull;

    /**
     * Takes up to {@code max} pending records in send order (priority, then seq) and marks them sending.
     * Only one process claims (the daemon, which holds the data directory's lock).
     */
    List<Outgoing> claim(int max);

    /** Sending records that did not go out (link lost, back-pressure) return to pending. */
    void release(Collection<Long> seqs);

    /** The broker accepted these (PUBACK). */
    void markPublished(Collection<Long> seqs);

    /** The centre stored these; returns how many records changed state. */
    int acknowledge(List<SeqRange> ranges);

    /** After a crash or a lost link nothing is in flight any more: sending becomes pending again. */
    int recoverInterruptedSends();

    /** Published records whose acknowledgement has not come for {@code olderThan} are sent again. */
    int requeueUnacknowledged(Duration olderThan);

    /** How a resend request went: records put back in the queue, and seqs of the range the device no longer holds. */
    record Resent(long requeued, long gone) {
    }

    /**
     * The centre asks again for a seq range it lacks: every record of the range the device still holds
     * goes back to pending, acknowledged ones included (the centre may have lost what it acknowledged).
     * Records being sent stay as they are; purged ones cannot be sent and count as gone.
     */
    Resent resend(SeqRange range);

    /** Deletes acknowledged records older than {@code olderThan}. */
    int purgeAcknowledged(Duration olderThan);

    OutboxCounts counts();

    /** Changes whenever any process commits to the outbox; cheap enough to poll. */
    long changeMarker();

    /** Small facts the agent keeps beside the records (link state, session counter, alerts). */
    Optional<String> fact(String key);

    void putFact(String key, String value);

    @Override
    void close();
}
