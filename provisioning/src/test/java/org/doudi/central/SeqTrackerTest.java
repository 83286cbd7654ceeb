package org.doudi.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.doudi.record.SeqRange;
import org.junit.jupiter.api.Test;

class SeqTrackerTest {

    private static SeqRange r(long first, long last) {
        return new SeqRange(first, last);
    }

    @Test
    void emptyTrackerHoldsNothing() {
        SeqTracker t = new SeqTracker();
        assertThat(t.upTo()).isZero();
        assertThat(t.highest()).isZero();
        assertThat(t.count()).isZero();
        assertThat(t.isEmpty()).isTrue();
        assertThat(t.gaps()).isEmpty();
        assertThat(t.rangesAbove(10)).isEmpty();
        assertThat(t.contains(1)).isFalse();
    }

    @Test
    void inOrderArrivalsStayOneRange() {
        SeqTracker t = new SeqTracker();
        for (long seq = 1; seq <= 100; seq++) {
            assertThat(t.add(seq)).isTrue();
        }
        assertThat(t.ranges()).containsExactly(r(1, 100));
        assertThat(t.upTo()).isEqualTo(100);
        assertThat(t.count()).isEqualTo(100);
        assertThat(t.gaps()).isEmpty();
        assertThat(t.rangesAbove(10)).isEmpty();
    }

    @Test
    void missingFirstSeqMeansNothingIsCumulative() {
        SeqTracker t = new SeqTracker();
        t.add(2);
        t.add(3);
        assertThat(t.upTo()).isZero();
        assertThat(t.rangesAbove(10)).containsExactly(r(2, 3));
        assertThat(t.gaps()).containsExactly(r(1, 1));
    }

    @Test
    void islandsAboveAGapAreReportedAndMergeWhenTheGapFills() {
        SeqTracker t = new SeqTracker();
        for (long seq : new long[] {1, 2, 4, 5, 9}) {
            t.add(seq);
        }
        assertThat(t.upTo()).isEqualTo(2);
        assertThat(t.rangesAbove(10)).containsExactly(r(4, 5), r(9, 9));
        assertThat(t.gaps()).containsExactly(r(3, 3), r(6, 8));
        assertThat(t.highest()).isEqualTo(9);

        t.add(3);
        assertThat(t.ranges()).containsExactly(r(1, 5), r(9, 9));
        assertThat(t.upTo()).isEqualTo(5);
        assertThat(t.gaps()).containsExactly(r(6, 8));
    }

    @Test
    void addingASeqBetweenTwoRangesJoinsBoth() {
        SeqTracker t = SeqTracker.of(List.of(r(1, 4), r(6, 10)));
        assertThat(t.add(5)).isTrue();
        assertThat(t.ranges()).containsExactly(r(1, 10));
        assertThat(t.count()).isEqualTo(10);
    }

    @Test
    void aSeqHeldAlreadyChangesNothing() {
        SeqTracker t = SeqTracker.of(List.of(r(1, 3), r(7, 7)));
        assertThat(t.add(2)).isFalse();
        assertThat(t.add(7)).isFalse();
        assertThat(t.ranges()).containsExactly(r(1, 3), r(7, 7));
        assertThat(t.count()).isEqualTo(4);
    }

    @Test
    void aRangeSwallowingSeveralRangesMergesThemAndCountsOnlyNewSeqs() {
        SeqTracker t = SeqTracker.of(List.of(r(2, 3), r(5, 5), r(8, 9), r(20, 21)));
        t.addRange(r(3, 10));
        assertThat(t.ranges()).containsExactly(r(2, 10), r(20, 21));
        assertThat(t.count()).isEqualTo(11);
        t.addRange(r(1, 30));
        assertThat(t.ranges()).containsExactly(r(1, 30));
        assertThat(t.count()).isEqualTo(30);
    }

    @Test
    void rangesAboveKeepsTheLowestWhenCapped() {
        SeqTracker t = new SeqTracker();
        t.add(1);
        for (long seq = 3; seq <= 41; seq += 2) {
            t.add(seq);
        }
        assertThat(t.rangesAbove(3)).containsExactly(r(3, 3), r(5, 5), r(7, 7));
        assertThat(t.rangesAbove(0)).isEmpty();
        assertThat(t.rangesAbove(1000)).hasSize(20);
        assertThatThrownBy(() -> t.rangesAbove(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seqsBelowOneAreRefused() {
        SeqTracker t = new SeqTracker();
        assertThatThrownBy(() -> t.add(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.add(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.isEmpty()).isTrue();
    }

    @Test
    void theLargestSeqDoesNotOverflow() {
        SeqTracker t = new SeqTracker();
        t.add(1);
        t.add(Long.MAX_VALUE);
        t.add(Long.MAX_VALUE - 1);
        assertThat(t.ranges()).containsExactly(r(1, 1), r(Long.MAX_VALUE - 1, Long.MAX_VALUE));
        assertThat(t.gaps()).containsExactly(r(2, Long.MAX_VALUE - 2));
        assertThat(t.highest()).isEqualTo(Long.MAX_VALUE);
        t.addRange(r(Long.MAX_VALUE - 3, Long.MAX_VALUE));
        assertThat(t.ranges()).containsExactly(r(1, 1), r(Long.MAX_VALUE - 3, Long.MAX_VALUE));
    }

    @Test
    void rebuildingFromItsOwnRangesGivesTheSameTracker() {
        SeqTracker t = new SeqTracker();
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            t.add(1 + random.nextInt(800));
        }
        SeqTracker rebuilt = SeqTracker.of(t.ranges());
        assertThat(rebuilt.ranges()).isEqualTo(t.ranges());
        assertThat(rebuilt.count()).isEqualTo(t.count());
    }

    /** Against the obvious model, a sorted set of every seq, over many seeded random arrival orders. */
    @Test
    void agreesWithASetOfSeqsUnderRandomArrivals() {
        for (long seed = 1; seed <= 100; seed++) {
            Random random = new Random(seed);
            int universe = 1 + random.nextInt(300);
            SeqTracker t = new SeqTracker();
            TreeSet<Long> model = new TreeSet<>();
            int operations = random.nextInt(2 * universe);
            for (int i = 0; i < operations; i++) {
                if (random.nextInt(5) == 0) {
                    long first = 1 + random.nextInt(universe);
                    long last = Math.min(universe, first + random.nextInt(10));
                    t.addRange(new SeqRange(first, last));
                    for (long s = first; s <= last; s++) {
                        model.add(s);
                    }
                } else {
                    long seq = 1 + random.nextInt(universe);
                    assertThat(t.add(seq)).as("seed %d: add(%d) is new", seed, seq).isEqualTo(model.add(seq));
                }
                assertMatchesModel(t, model, universe, seed);
            }
        }
    }

    private static void assertMatchesModel(SeqTracker t, TreeSet<Long> model, int universe, long seed) {
        Supplier<String> context = () -> "seed " + seed + ", tracker " + t;
        assertThat(t.count()).as(context).isEqualTo(model.size());
        assertThat(t.highest()).as(context).isEqualTo(model.isEmpty() ? 0 : model.last());
        long contiguous = 0;
        while (model.contains(contiguous + 1)) {
            contiguous++;
        }
        long upTo = contiguous;
        assertThat(t.upTo()).as(context).isEqualTo(upTo);

        List<SeqRange> ranges = t.ranges();
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).first()).as(() -> context.get() + ": disjoint and not adjacent")
                    .isGreaterThan(ranges.get(i - 1).last() + 1);
        }
        List<Long> expanded = new ArrayList<>();
        ranges.forEach(r -> {
            for (long s = r.first(); s <= r.last(); s++) {
                expanded.add(s);
            }
        });
        assertThat(expanded).as(context).containsExactlyElementsOf(model);

        List<SeqRange> above = t.rangesAbove(Integer.MAX_VALUE);
        assertThat(above).as(context).allSatisfy(r -> assertThat(r.first()).isGreaterThan(upTo + 1));
        List<SeqRange> covered = new ArrayList<>();
        if (upTo > 0) {
            covered.add(new SeqRange(1, upTo));
        }
        covered.addAll(above);
        assertThat(covered).as(() -> context.get() + ": upTo plus ranges above is everything").isEqualTo(ranges);

        TreeSet<Long> inGaps = new TreeSet<>();
        t.gaps().forEach(gap -> {
            for (long s = gap.first(); s <= gap.last(); s++) {
                inGaps.add(s);
            }
        });
        TreeSet<Long> missingBelowHighest = new TreeSet<>();
        for (long s = 1; s < t.highest(); s++) {
            if (!model.contains(s)) {
                missingBelowHighest.add(s);
            }
        }
        assertThat(inGaps).as(() -> context.get() + ": gaps").isEqualTo(missingBelowHighest);
        TreeSet<Long> contained = new TreeSet<>();
        for (long s = 1; s <= universe + 1; s++) {
            if (t.contains(s)) {
                contained.add(s);
            }
        }
        assertThat(contained).as(() -> context.get() + ": contains").isEqualTo(model);
    }
}
