package dev.conveyor.core.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How fast an objective spends its budget over a recent window: the bad share of the window's
 * events over the budget share. 1 spends exactly the budget over the objective's window; 14.4
 * spends 2% of a 30-day budget in an hour. No events: 0.
 */
public final class BurnRate {
  private BurnRate() {}

  /** The burn rate over {@code [now − window, now)}. */
  public static double over(
      Objective objective, List<MinuteEvents> minutes, Instant now, Duration window) {
    Instant from = now.minus(window);
    long events = 0;
    long bad = 0;
    for (MinuteEvents m : minutes) {
      if (ErrorBudget.inWindow(m.minute(), from, now)) {
        events += m.total();
        bad += m.bad();
      }
    }
    return events == 0 ? 0 : ((double) bad / events) / objective.budgetShare();
  }
}
