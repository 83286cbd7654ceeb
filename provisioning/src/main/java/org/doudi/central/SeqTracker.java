package org.doudi.central;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.doudi.record.SeqRange;

/**
 * Which sequence numbers of one device the centre holds, as disjoint, non-adjacent ranges. A device
 * sends gap-free from 1 but out of order (priority first, resends after outages), so the set is
 * normally one range from 1 plus a few islands; memory follows the number of islands, not of records.
 * Not thread-safe: one owner updates it.
 */
public final class SeqTracker {
    /** first seq of a range -> last seq of it. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private long count;

    public static SeqTracker of(Collection<SeqRange> received) {
        SeqTracker tracker = new SeqTracker();
        received.forEach(tracker::addRange);
        return tracker;
    }

    /** Adds one seq; true if it was not held before. */
    public boolean add(long seq) {
        if (contains(seq)) {
            return false;
        }
        addRange(new SeqRange(seq, seq));
        return true;
    }

    public void addRange(SeqRange range) {
        long first = range.first();
        long last = range.last();
        long absorbed = 0;
        Map.Entry<Long, Long> before = ranges.floorEntry(first);
        if (before != null && before.getValue() >= first - 1) {
            first = before.getKey();
            last = Math.max(last, before.getValue());
            absorbed += size(before);
            ranges.remove(before.getKey());
        }
        Map.Entry<Long, Long> after = ranges.ceilingEntry(first);
        // last + 1 would overflow at Long.MAX_VALUE, where nothing can follow anyway.
        while (after != null && (last == Long.MAX_VALUE || after.getKey() <= last + 1)) {
            last = Math.max(last, after.getValue());
            absorbed += size(after);
            ranges.remove(after.getKey());
            after = ranges.ceilingEntry(first);
        }
        ranges.put(first, last);
        count += (last - first + 1) - absorbed;
    }

    public boolean contains(long seq) {
        Map.Entry<Long, Long> candidate = ranges.floorEntry(seq);
        return candidate != null && candidate.getValue() >= seq;
    }

    /** Every seq from 1 to this is held; 0 if seq 1 is missing. */
    public long upTo() {
        Long lastOfFirst = ranges.get(1L);
        return lastOfFirst == null ? 0 : lastOfFirst;
    }

    /** The highest seq held; 0 if none. */
    public long highest() {
        return ranges.isEmpty() ? 0 : ranges.lastEntry().getValue();
    }

    /** How many distinct seqs are held. */
    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public List<SeqRange> ranges() {
        return ranges.entrySet().stream().map(e -> new SeqRange(e.getKey(), e.getValue())).toList();
    }

    /**
     * The held ranges above {@link #upTo()}, lowest first, at most {@code max} of them. Keeping the
     * lowest is the useful cut: the device resends whatever an ack leaves out, and a duplicate costs
     * the centre only a lookup.
     */
    public List<SeqRange> rangesAbove(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative");
        }
        List<SeqRange> above = new ArrayList<>();
        for (Map.Entry<Long, Long> e : ranges.tailMap(1L, false).entrySet()) {
            if (above.size() == max) {
                break;
            }
            above.add(new SeqRange(e.getKey(), e.getValue()));
        }
        return above;
    }

    /** The missing ranges below {@link #highest()}, lowest first. */
    public List<SeqRange> gaps() {
        List<SeqRange> gaps = new ArrayList<>();
        long previousLast = 0;
        for (Map.Entry<Long, Long> e : ranges.entrySet()) {
            if (e.getKey() > previousLast + 1) {
                gaps.add(new SeqRange(previousLast + 1, e.getKey() - 1));
            }
            previousLast = e.getValue();
        }
        return gaps;
    }

    private static long size(Map.Entry<Long, Long> range) {
        return range.getValue() - range.getKey() + 1;
    }

    @Override
    public String toString() {
        return ranges().toString();
    }
}
