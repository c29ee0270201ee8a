package dev.conveyor.bench.detection;

import java.util.Arrays;
import java.util.List;

/**
 * One judge's results over all runs of one scenario: how many runs ended each way, and what the
 * right decision cost (a rollback for a regression, a promotion for A/A): canary requests served up
 * to it, and seconds.
 */
record Tally(
    int runs,
    int rollbacks,
    int promotions,
    int inconclusive,
    Decision right,
    double meanRequests,
    double p95Requests,
    double meanSeconds,
    double p95Seconds) {

  static Tally of(List<RunResult> results, Decision right) {
    long[] requests =
        results.stream()
            .filter(r -> r.decision() == right)
            .mapToLong(RunResult::canaryRequests)
            .sorted()
            .toArray();
    long[] seconds =
        results.stream()
            .filter(r -> r.decision() == right)
            .mapToLong(RunResult::second)
            .sorted()
            .toArray();
    return new Tally(
        results.size(),
        count(results, Decision.ROLLBACK),
        count(results, Decision.PROMOTE),
        count(results, Decision.INCONCLUSIVE),
        right,
        mean(requests),
        percentile(requests, 0.95),
        mean(seconds),
        percentile(seconds, 0.95));
  }

  private static int count(List<RunResult> results, Decision decision) {
    return (int) results.stream().filter(r -> r.decision() == decision).count();
  }

  private static double mean(long[] values) {
    return values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElseThrow();
  }

  /** The nearest-rank percentile of sorted values; NaN when there are none. */
  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  double share(int count) {
    return (double) count / runs;
  }

  /**
   * The 95% Wilson score interval of a proportion {@code count}/{@code runs} (Wilson 1927), as
   * {@code [low, high]}: how far a measured rate may be from the true one.
   */
  double[] wilson(int count) {
    double z = 1.959964;
    double p = share(count);
    double n = runs;
    double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }
}
