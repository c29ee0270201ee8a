package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;

/**
 * How a comparison of candidate with baseline on one kind of event (errors, slow requests) decides:
 * it fails on a regression with false-alarm probability at most {@code alpha}, and passes early
 * only once a regression of {@code minRegression} or more is ruled out, or the candidate's own
 * event ratio is shown below {@code negligible}, each with miss probability at most {@code beta};
 * it is fastest at regressions near {@code detect}.
 *
 * @param alpha the chance of failing a candidate that is no worse than the baseline
 * @param beta the chance of passing a candidate whose rate is {@code minRegression} × the
 *     baseline's or more (or, by the absolute route, {@code negligible} or more)
 * @param minRegression the smallest ratio of candidate to baseline rate that matters
 * @param detect the ratio the test is tuned to catch fastest; at least {@code minRegression}
 * @param negligible an event ratio (events per request) below which a candidate passes whatever the
 *     baseline does, so that a comparison against a baseline without events can end; 0 for none
 */
public record Comparison(
    double alpha, double beta, double minRegression, double detect, double negligible) {
  /**
   * α = 0.01 and β = 0.05 are the issue's; a doubling is the smallest regression that matters; 10×
   * (0.1% → 1% errors) is the regression the detection goal is stated for; an error ratio
   * under 0.1% is what the example shop's v1 and v3 run at (none), and passes in 6,000 requests.
   */
  public static final Comparison ERRORS = new Comparison(0.01, 0.05, 2, 10, 0.001);

  /**
   * The same as {@link #ERRORS} without the absolute route: slow means slower than the baseline's
   * own quantile, so the baseline always has slow requests to compare with.
   */
  public static final Comparison LATENCY = new Comparison(0.01, 0.05, 2, 10, 0);

  public Comparison {
    Preconditions.check(
        alpha > 0 && alpha < 1, "alpha must be between 0 and 1 (exclusive), got %s", alpha);
    Preconditions.check(
        beta > 0 && beta < 1, "beta must be between 0 and 1 (exclusive), got %s", beta);
    Preconditions.check(
        Double.isFinite(minRegression) && minRegression > 1,
        "minRegression must be a ratio above 1 (2 = twice the baseline's rate), got %s",
        minRegression);
    Preconditions.check(
        Double.isFinite(detect) && detect >= minRegression,
        "detect must be a ratio at least minRegression (%s), got %s",
        minRegression,
        detect);
    Preconditions.check(
        negligible >= 0 && negligible < 1,
        "negligible must be an event ratio from 0 (none) to below 1, got %s",
        negligible);
  }
}
