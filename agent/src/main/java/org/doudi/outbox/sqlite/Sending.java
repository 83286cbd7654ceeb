package org.doudi.outbox.sqlite;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records this process is sending: claimed, not yet published. The state lives here rather than on
 * disk (decision 0011): it is reset at every start and every lost link anyway, and writing it cost a
 * row update per record.
 *
 * <p>It also remembers where the next claim resumes. Skipping the records being sent cost every claim a
 * walk over all of them (hundreds, at the front of the send order); from a valid {@link Resume} a claim
 * reads only records it will take. The position stays valid under two rules: every pending record of
 * its priority up to its seq is being sent, and no record being sent lies beyond it. New records take
 * higher seqs, so they never break either; records put back to pending do, and make it unknown until a
 * claim that skips the records being sent finds it again.
 */
final class Sending {
    /** A point in send order: priority rank, then seq. */
    record Resume(int priority, long seq) {
        static final Resume START = new Resume(-1, 0);

        boolean isBefore(int otherPriority, long otherSeq) {
            return priority < otherPriority || (priority == otherPriority && seq < otherSeq);
        }
    }

    /** Seq to priority rank. */
    private final Map<Long, Integer> priorities = new ConcurrentHashMap<>();
    private Resume resume = Resume.START;

    int size() {
        return priorities.size();
    }

    boolean contains(long seq) {
        return priorities.containsKey(seq);
    }

    /** Where the next claim resumes, if known; if not, it must skip {@link #seqs()}. */
    Optional<Resume> resume() {
        return Optional.ofNullable(resume);
    }

    Collection<Long> seqs() {
        return priorities.keySet();
    }

    /** Records being sent that come before {@code priority}: the only ones a resuming claim must skip. */
    List<Long> seqsBefore(int priority) {
        if (priority <= 0) {
            return List.of(); // nothing comes before the most urgent rank
        }
        return priorities.entrySet().stream().filter(e -> e.getValue() < priority).map(Map.Entry::getKey).toList();
    }

    /**
     * Records just claimed; {@code last} is the furthest of them in send order that was found by
     * resuming or by skipping, as opposed to one of more urgent priority found before the resume point.
     * A claim that resumed cannot have left a record being sent beyond {@code last}; one that skipped
     * may have (records put back before others still being sent), and then the point stays unknown.
     */
    void claimed(Map<Long, Integer> claimed, Optional<Resume> last) {
        boolean resumed = resume != null;
        priorities.putAll(claimed);
        if (last.isEmpty()) {
            return;
        }
        Resume next = last.get();
        resume = resumed || priorities.entrySet().stream().noneMatch(e -> next.isBefore(e.getValue(), e.getKey()))
                ? next : null;
    }

    /** Published or acknowledged: no longer pending, so the resume point stays valid. */
    void done(Collection<Long> seqs) {
        priorities.keySet().removeAll(seqs);
    }

    /** Back to pending, possibly behind the resume point. */
    void putBack(Collection<Long> seqs) {
        priorities.keySet().removeAll(seqs);
        resume = priorities.isEmpty() ? Resume.START : null;
    }

    /** Records published or acknowledged earlier went back to pending, possibly behind the resume point. */
    void othersPutBack() {
        resume = priorities.isEmpty() ? Resume.START : null;
    }

    void clear() {
        priorities.clear();
        resume = Resume.START;
    }
}
