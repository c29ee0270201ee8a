package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;

/**
 * The latency comparison: a request is slow when it takes longer than the baseline's {@code
 * quantile} latency (measured by the controller before the step), and the share of slow requests is
 * compared as errors are.
 *
 * @param quantile the baseline's quantile that defines slow, e.g. 0.99: about 1% of a baseline's
 *     requests are then slow, and as many of a candidate's that is no slower
 * @param comparison how the slow requests' split decides
 */
public record LatencyComparison(double quantile, Comparison comparison) {
  public static final LatencyComparison DEFAULT = new LatencyComparison(0.99, Comparison.LATENCY);

  public LatencyComparison {
    Preconditions.check(
        quantile > 0 && quantile < 1,
        "quantile must be between 0 and 1 (exclusive), got %s",
        quantile);
    Preconditions.present(comparison, "comparison");
  }
}
