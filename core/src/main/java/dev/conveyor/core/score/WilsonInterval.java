package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;

/**
 * A 95% confidence interval for a proportion observed as {@code events} out of {@code trials}, by
 * Wilson's score method. Unlike the textbook {@code p ± 1.96·√(p(1−p)/n)} it stays within 0–1 and
 * keeps close to its nominal coverage for the small counts a team's deployments give (Brown, Cai
 * and DasGupta, "Interval Estimation for a Binomial Proportion", Statistical Science 16(2), 2001,
 * recommend it for n below 40).
 */
public record WilsonInterval(double lower, double upper) {
  /** The two-sided 95% quantile of the standard normal distribution, Φ⁻¹(0.975). */
  public static final double Z_95 = 1.959963984540054;

  public WilsonInterval {
    Preconditions.check(
        lower >= 0 && lower <= upper && upper <= 1,
        "an interval of a proportion needs 0 <= lower <= upper <= 1, got [%s, %s]",
        lower,
        upper);
  }

  /**
   * The 95% Wilson interval of {@code events} in {@code trials} (E. B. Wilson, "Probable Inference,
   * the Law of Succession, and Statistical Inference", JASA 22, 1927).
   */
  public static WilsonInterval of(long events, long trials) {
    Preconditions.check(trials >= 1, "an interval needs at least one trial, got %s", trials);
    Preconditions.check(
        events >= 0 && events <= trials,
        "events must be 0 to the %s trials, got %s",
        trials,
        events);
    double n = trials;
    double p = events / n;
    double z2 = Z_95 * Z_95;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = Z_95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    // At 0 or all events the bound is exactly 0 or 1; rounding must not push it past.
    double lower = events == 0 ? 0 : Math.max(0, centre - half);
    double upper = events == trials ? 1 : Math.min(1, centre + half);
    return new WilsonInterval(lower, upper);
  }

  /** Whether the two intervals share any value. */
  public boolean overlaps(WilsonInterval other) {
    return lower <= other.upper && other.lower <= upper;
  }
}
