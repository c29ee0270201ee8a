package dev.conveyor.core.budget;

import dev.conveyor.core.Preconditions;

/**
 * One row of the policy's table from budget remaining to gate adjustment: below (or above) a share
 * of the budget left, gates tighten (positive points) or ease (negative).
 *
 * @param below true for "below {@code bound}", false for "above"
 * @param bound the share of the budget left, 0 to 1
 * @param points the threshold change: positive tightens, negative eases
 */
public record ThresholdBand(boolean below, double bound, double points) {
  public ThresholdBand {
    Preconditions.check(
        bound >= 0 && bound <= 1, "a band's bound is a share from 0%% to 100%%, got %s", bound);
    Preconditions.check(
        points >= -100 && points <= 100,
        "a band moves a gate by -100 to 100 points, got %s",
        points);
  }

  public boolean matches(double remainingFraction) {
    return below ? remainingFraction < bound : remainingFraction > bound;
  }
}
