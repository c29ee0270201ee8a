package dev.conveyor.core.replay;

import dev.conveyor.core.Preconditions;
import java.util.Collection;

/**
 * Latency percentiles of one side of a performance run, in milliseconds.
 *
 * @param count how many requests were timed
 */
public record LatencyPercentiles(long count, double p50Millis, double p95Millis, double p99Millis) {
  public LatencyPercentiles {
    Preconditions.check(count >= 0, "a latency count must not be negative, got %s", count);
    check("p50", p50Millis);
    check("p95", p95Millis);
    check("p99", p99Millis);
    Preconditions.check(
        p50Millis <= p95Millis && p95Millis <= p99Millis,
        "latency percentiles must not decrease, got p50 %s, p95 %s, p99 %s ms",
        p50Millis,
        p95Millis,
        p99Millis);
  }

  private static void check(String name, double millis) {
    Preconditions.check(
        Double.isFinite(millis) && millis >= 0,
        "latency %s must be a finite number of milliseconds, 0 or more, got %s",
        name,
        millis);
  }

  /**
   * The percentiles of these latencies in nanoseconds, by the nearest-rank method (each percentile
   * is a latency that was measured); all zero for none.
   */
  public static LatencyPercentiles ofNanos(Collection<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return new LatencyPercentiles(0, 0, 0, 0);
    }
    return new LatencyPercentiles(
        sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99));
  }

  private static double rank(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }
}
