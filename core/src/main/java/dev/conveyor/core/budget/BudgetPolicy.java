package dev.conveyor.core.budget;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.score.ThresholdAdjustment;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the error budget makes Conveyor do: refuse new production deployments while it is exhausted,
 * pause or roll back a running deployment that burns fast, cap what one deployment may spend, and
 * move the pipeline's gates with the budget left (the first matching band wins).
 *
 * @param refuseWhenExhausted whether new production deployments are refused while spent
 * @param rollbackOnFastBurn roll a running deployment back on a page-level burn (else pause it)
 * @param exposureCap the share of the remaining budget one deployment may spend, above 0 and at
 *     most 1; 0 when there is no cap ({@code exposureCap: off})
 */
public record BudgetPolicy(
    boolean refuseWhenExhausted,
    boolean rollbackOnFastBurn,
    double exposureCap,
    List<ThresholdBand> bands) {
  /**
   * Refuse when exhausted, roll back on fast burn, 25% cap, tighten 10 below 10% and 5 below 50%.
   */
  public static final BudgetPolicy DEFAULT =
      new BudgetPolicy(
          true,
          true,
          0.25,
          List.of(new ThresholdBand(true, 0.10, 10), new ThresholdBand(true, 0.50, 5)));

  public BudgetPolicy {
    Preconditions.check(
        exposureCap >= 0 && exposureCap <= 1,
        "the exposure cap is a share above 0%% and at most 100%%, or 0 for none, got %s",
        exposureCap);
    bands = List.copyOf(bands);
  }

  /** The gate adjustment for {@code remainingFraction} of the budget left. */
  public ThresholdAdjustment adjustment(double remainingFraction) {
    for (ThresholdBand band : bands) {
      if (band.matches(remainingFraction)) {
        String reason =
            String.format(
                Locale.ROOT,
                "error budget %.0f%% left (%s %.0f%%)",
                remainingFraction * 100,
                band.below() ? "below" : "above",
                band.bound() * 100);
        return new ThresholdAdjustment(band.points(), reason);
      }
    }
    return ThresholdAdjustment.NONE;
  }

  /** Whether one deployment's spending is capped at all. */
  public boolean capsExposure() {
    return exposureCap > 0;
  }

  /** The bad events one deployment may spend of {@code remaining}: none once it is spent. */
  public double exposureAllowance(double remaining) {
    return Math.max(0, remaining) * exposureCap;
  }

  /**
   * Where a deployment stands against the exposure cap for one objective: it may spend the cap's
   * share of {@code remainingAtStart} (fixed when it started, so its own spending does not shrink
   * it); it has spent {@code spent}; at {@code perSecond} bad events a second it would spend more
   * during {@code reaction}, the time a stop takes to take its traffic away.
   */
  public Exposure exposure(
      String objective, double remainingAtStart, long spent, double perSecond, Duration reaction) {
    Preconditions.check(
        spent >= 0 && perSecond >= 0, "spending is 0 or more, got %s at %s/s", spent, perSecond);
    double projected = spent + perSecond * reaction.toMillis() / 1000.0;
    return new Exposure(
        objective,
        exposureCap,
        remainingAtStart,
        exposureAllowance(remainingAtStart),
        spent,
        projected);
  }
}
