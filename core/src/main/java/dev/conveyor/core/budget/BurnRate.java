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
    ErrorBudget counted = ErrorBudget.of(objective, minutes, now, window);
    return counted.events() == 0
        ? 0
        : ((double) counted.bad() / counted.events()) / objective.budgetShare();
  }
}
