package dev.conveyor.core.budget;

import dev.conveyor.core.Preconditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The series a burn-down chart draws: an objective's budget remaining at evenly spaced moments up
 * to {@code now}, each exactly what {@link ErrorBudget#of} gives at that moment over the window
 * ending there (so the minutes read must reach back a window before the first point).
 */
public final class BurnDown {
  /** The budget at one moment: bad events still allowed, and as a share of the allowance. */
  public record Point(
      Instant at, long events, long bad, double remaining, double remainingFraction) {}

  /** The most points one series may have; a chart needs a few hundred at most. */
  public static final int MAX_POINTS = 1_000;

  private BurnDown() {}

  /** {@code points} moments, {@code step} apart, the last at {@code now}, oldest first. */
  public static List<Point> of(
      Objective objective,
      List<MinuteEvents> minutes,
      Instant now,
      Duration window,
      Duration step,
      int points) {
    Preconditions.check(
        points >= 1 && points <= MAX_POINTS,
        "a burn-down has 1 to %s points, got %s",
        MAX_POINTS,
        points);
    Preconditions.check(!step.isNegative() && !step.isZero(), "a burn-down step is positive");
    // Prefix sums over the minutes in time order: a window's count is two binary searches.
    MinuteEvents[] sorted = minutes.toArray(MinuteEvents[]::new);
    Arrays.sort(sorted, (a, b) -> a.minute().compareTo(b.minute()));
    long[] starts = new long[sorted.length];
    long[] events = new long[sorted.length + 1];
    long[] bad = new long[sorted.length + 1];
    for (int i = 0; i < sorted.length; i++) {
      starts[i] = sorted[i].minute().getEpochSecond();
      events[i + 1] = events[i] + sorted[i].total();
      bad[i + 1] = bad[i] + sorted[i].bad();
    }
    List<Point> series = new ArrayList<>(points);
    for (int i = points - 1; i >= 0; i--) {
      Instant at = now.minus(step.multipliedBy(i));
      // [at − window, at): from the first minute starting at or after the window's start to the
      // first starting at or after its end.
      int from = firstAtOrAfter(starts, at.minus(window));
      int to = firstAtOrAfter(starts, at);
      long e = events[to] - events[from];
      long b = bad[to] - bad[from];
      ErrorBudget budget =
          new ErrorBudget(objective, e, b, objective.budgetShare() * e, at.minus(window), at);
      series.add(new Point(at, e, b, budget.remaining(), budget.remainingFraction()));
    }
    return series;
  }

  private static int firstAtOrAfter(long[] starts, Instant t) {
    // The first minute starting at or after t: a minute starting at t.000 counts, one starting a
    // fraction of a second before it does not.
    long second = t.getEpochSecond() + (t.getNano() > 0 ? 1 : 0);
    int lo = 0;
    int hi = starts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (starts[mid] < second) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
