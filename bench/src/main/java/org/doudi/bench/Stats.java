package org.doudi.bench;

import java.util.Arrays;
import java.util.List;

/** Latency samples (nanoseconds) of one run, and the few statistics every benchmark prints. */
final class Stats {
    private long[] nanos = new long[4096];
    private int size;

    void add(long sampleNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = sampleNanos;
    }

    void addAll(Stats other) {
        for (int i = 0; i < other.size; i++) {
            add(other.nanos[i]);
        }
    }

    int count() {
        return size;
    }

    /** Nearest-rank percentile in milliseconds ({@code p} from 0 to 100). */
    double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double seconds(long startNanos, long endNanos) {
        return (endNanos - startNanos) / 1e9;
    }

    /** "1 234" style grouping keeps wide figures readable in Markdown tables. */
    static String perSecond(double value) {
        return String.format("%,.0f", value);
    }

    static String millis(double value) {
        return value >= 100 ? String.format("%.0f", value) : value >= 10 ? String.format("%.1f", value)
                : String.format("%.2f", value);
    }

    /** Prints a Markdown table, ready to paste into docs/benchmarks.md. */
    static void table(List<String> header, List<List<String>> rows) {
        System.out.println("| " + String.join(" | ", header) + " |");
        System.out.println("|" + "---|".repeat(header.size()));
        rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
        System.out.println();
    }
}
