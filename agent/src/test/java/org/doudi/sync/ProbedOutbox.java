package org.doudi.sync;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.doudi.outbox.Outbox;
import org.doudi.outbox.OutboxCounts;
import org.doudi.outbox.OutboxFull;
import org.doudi.outbox.Outgoing;
import org.doudi.outbox.Receipt;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.NewRecord;
import org.doudi.record.SeqRange;

/** Passes everything to a real outbox and counts housekeeping passes, so a test can tell the drainer looped. */
final class ProbedOutbox implements Outbox {
    private final Outbox real;
    final AtomicInteger requeueChecks = new AtomicInteger();

    ProbedOutbox(Outbox real) {
        this.real = real;
    }

    @Override
    public DeviceIdentity identity() {
        return real.identity();
    }

    @Override
    public List<Receipt> append(List<NewRecord> records) throws OutboxFull {
        return real.append(records);
    }

    @Override
    public List<Outgoing> claim(int max) {
        return real.claim(max);
    }

    @Override
    public void release(Collection<Long> seqs) {
        real.release(seqs);
    }

    @Override
    public void markPublished(Collection<Long> seqs) {
        real.markPublished(seqs);
    }

    @Override
    public int acknowledge(List<SeqRange> ranges) {
        return real.acknowledge(ranges);
    }

    @Override
    public int recoverInterruptedSends() {
        return real.recoverInterruptedSends();
    }

    @Override
    public int requeueUnacknowledged(Duration olderThan) {
        int n = real.requeueUnacknowledged(olderThan);
        requeueChecks.incrementAndGet();
        return n;
    }

    @Override
    public Resent resend(SeqRange range) {
        return real.resend(range);
    }

    @Override
    public int purgeAcknowledged(Duration olderThan) {
        return real.purgeAcknowledged(olderThan);
    }

    @Override
    public OutboxCounts counts() {
        return real.counts();
    }

    @Override
    public long changeMarker() {
        return real.changeMarker();
    }

    @Override
    public Optional<String> fact(String key) {
        return real.fact(key);
    }

    @Override
    public void putFact(String key, String value) {
        real.putFact(key, value);
    }

    @Override
    public void close() {
        real.close();
    }
}
