package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;

/**
 * A change to a gate's threshold for business needs: a signed delta in score points (positive
 * tightens, negative eases) and why. The error-budget policy will supply one from the budget's
 * state; people supply one at runtime with their reason.
 */
public record ThresholdAdjustment(double delta, String reason) {
  /** No adjustment. */
  public static final ThresholdAdjustment NONE = new ThresholdAdjustment(0, "");

  public ThresholdAdjustment {
    Preconditions.check(
        Numbers.within(delta, -100, 100),
        "a threshold adjustment must be from -100 to 100 points, got %s",
        delta);
    Preconditions.present(reason, "the reason of a threshold adjustment");
    Preconditions.check(
        delta == 0 || !reason.isBlank(),
        "a threshold adjustment of %s points needs a reason, such as 'error budget exhausted'",
        Numbers.number(delta));
  }

  /** Raises the threshold by {@code points}. */
  public static ThresholdAdjustment tighten(double points, String reason) {
    Preconditions.check(points >= 0, "tighten by 0 or more points, got %s", points);
    return new ThresholdAdjustment(points, reason);
  }

  /** Lowers the threshold by {@code points}. */
  public static ThresholdAdjustment ease(double points, String reason) {
    Preconditions.check(points >= 0, "ease by 0 or more points, got %s", points);
    return new ThresholdAdjustment(-points, reason);
  }

  /** {@code threshold} moved by the delta and clamped to 0–100. */
  public double apply(double threshold) {
    return Math.max(0, Math.min(100, threshold + delta));
  }

  /** This adjustment and {@code other} together: the deltas add up, the reasons are joined. */
  public ThresholdAdjustment plus(ThresholdAdjustment other) {
    if (other.isNone()) {
      return this;
    }
    if (isNone()) {
      return other;
    }
    double sum = Math.max(-100, Math.min(100, delta + other.delta));
    return new ThresholdAdjustment(sum, reason + "; " + other.reason);
  }

  public boolean isNone() {
    return delta == 0;
  }
}
