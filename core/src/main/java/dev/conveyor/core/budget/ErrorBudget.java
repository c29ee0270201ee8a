package dev.conveyor.core.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An objective's error budget over its window ending now: how many bad events the window allows
 * ({@code (1 − target) × events}), how many it had, and what remains — negative once it is
 * exhausted.
 *
 * <p>The window is {@code [now − window, now)}: a minute counts when it starts at or after {@code
 * now − window} and before {@code now}.
 */
public record ErrorBudget(
    Objective objective, long events, long bad, double allowed, Instant from, Instant to) {

  public static ErrorBudget of(
      Objective objective, List<MinuteEvents> minutes, Instant now, Duration window) {
    Instant from = now.minus(window);
    long events = 0;
    long bad = 0;
    for (MinuteEvents m : minutes) {
      if (inWindow(m.minute(), from, now)) {
        events += m.total();
        bad += m.bad();
      }
    }
    return new ErrorBudget(objective, events, bad, objective.budgetShare() * events, from, now);
  }

  static boolean inWindow(Instant minute, Instant from, Instant to) {
    return !minute.isBefore(from) && minute.isBefore(to);
  }

  /** Bad events still allowed; negative when the budget is overspent. */
  public double remaining() {
    return allowed - bad;
  }

  /**
   * The remaining share of the budget: 1 untouched, 0 spent, below 0 overspent. With no events yet,
   * nothing was spent: 1.
   */
  public double remainingFraction() {
    if (allowed == 0) {
      return bad == 0 ? 1 : -1;
    }
    return remaining() / allowed;
  }

  public boolean exhausted() {
    return remaining() < 0 || (allowed == 0 && bad > 0);
  }
}
