package dev.conveyor.core.verify;

/**
 * What one judge found, with the numbers it decided on: counts, estimates, its statistic and the
 * thresholds it compared it with. The history keeps it (as {@link Assessment#toJson()}) and {@code
 * conveyor deployment show} prints its {@link #summary()}.
 */
public sealed interface Evidence permits ComparisonEvidence, FlowEvidence, LimitEvidence {
  /** The judge as people call it: {@code errors}, {@code latency}, {@code flow POST /checkout}. */
  String judge();

  Outcome outcome();

  /** One line, e.g. {@code errors: candidate 12/1,050 (1.14%) vs baseline 9/9,480 (0.09%); …}. */
  String summary();

  /** Rounds a statistic to 4 decimals, enough for evidence and short in JSON. */
  static double round(double value) {
    return Double.isFinite(value) ? Math.round(value * 10_000) / 10_000.0 : value;
  }
}
