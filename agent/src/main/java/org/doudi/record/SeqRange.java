package org.doudi.record;

/** An inclusive range of a device's sequence numbers, as acknowledged or requested by the centre. */
public record SeqRange(long first, long last) {
    public SeqRange {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("not a sequence range: " + first + ".." + last);
        }
    }

    public long size() {
        return last - first + 1;
    }

    public boolean contains(long seq) {
        return seq >= first && seq <= last;
    }

    @Override
    public String toString() {
        return first == last ? Long.toString(first) : first + ".." + last;
    }
}
