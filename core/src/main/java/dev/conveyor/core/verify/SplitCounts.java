package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;

/**
 * Events of one kind in one window, counted on the candidate and on the baseline: errors, slow
 * requests, a route's successes, or the requests themselves.
 */
public record SplitCounts(long candidate, long baseline) {
  public static final SplitCounts ZERO = new SplitCounts(0, 0);

  public SplitCounts {
    Preconditions.check(
        candidate >= 0 && baseline >= 0,
        "counts must not be negative, got candidate %s and baseline %s",
        candidate,
        baseline);
  }

  public static SplitCounts of(long candidate, long baseline) {
    return new SplitCounts(candidate, baseline);
  }

  public long total() {
    return candidate + baseline;
  }

  public SplitCounts plus(SplitCounts other) {
    return new SplitCounts(candidate + other.candidate, baseline + other.baseline);
  }

  /**
   * The candidate's share of the total, the split expected of any kind of event if the candidate
   * behaved as the baseline does; NaN when both are 0.
   */
  public double candidateShare() {
    return total() == 0 ? Double.NaN : (double) candidate / total();
  }
}
