package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;
import java.time.Duration;

/**
 * The latency comparison: a request is slow when it takes longer than the baseline's {@code
 * quantile} latency (measured by the controller before the step), and the share of slow requests is
 * compared as errors are.
 *
 * @param quantile the baseline's quantile that defines slow, e.g. 0.99: about 1% of a baseline's
 *     requests are then slow, and as many of a candidate's that is no slower
 * @param comparison how the slow requests' split decides
 * @param warmup how long after the step starts the candidate's latency begins to count: a fresh
 *     process (a JVM compiling its hot paths, caches filling) is slow at first, which is not the
 *     regression the judge looks for. Errors count from the first second.
 */
public record LatencyComparison(double quantile, Comparison comparison, Duration warmup) {
  /** Ten seconds: about what a JVM service needs before its latency settles. */
  public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(10);

  public static final LatencyComparison DEFAULT = new LatencyComparison(0.99, Comparison.LATENCY);

  /** With the default warm-up. */
  public LatencyComparison(double quantile, Comparison comparison) {
    this(quantile, comparison, DEFAULT_WARMUP);
  }

  public LatencyComparison {
    Preconditions.check(
        quantile > 0 && quantile < 1,
        "quantile must be between 0 and 1 (exclusive), got %s",
        quantile);
    Preconditions.present(comparison, "comparison");
    Preconditions.present(warmup, "warmup");
    Preconditions.check(!warmup.isNegative(), "warmup must not be negative, got %s", warmup);
  }
}
