package dev.conveyor.bench.history;

import java.util.Arrays;

/** Durations in nanoseconds, recorded from any thread, summarised as mean and percentiles. */
final class Latencies {
  private long[] values = new long[1024];
  private int size;

  synchronized void record(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  synchronized Summary summary() {
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return new Summary(
        size,
        size == 0 ? Double.NaN : sum / size / 1e6,
        percentile(sorted, 50),
        percentile(sorted, 99),
        size == 0 ? Double.NaN : sorted[size - 1] / 1e6);
  }

  /** Nearest-rank percentile, in milliseconds. */
  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  /** The summary of recorded durations, in milliseconds. */
  record Summary(int count, double meanMs, double p50Ms, double p99Ms, double maxMs) {}
}
