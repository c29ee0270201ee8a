package dev.conveyor.core.budget;

import dev.conveyor.core.budget.BurnWindow.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where one objective stands now: its budget over its window, its burn rate over each alert window,
 * and the loudest alert that fires, with a sentence saying why.
 *
 * @param burnRates burn rate by window, e.g. {@code 1h → 16.2}
 * @param level the loudest of the burn-rate alerts and exhaustion
 * @param burning the loudest burn-rate alert alone (ok, ticket or page)
 */
public record BudgetState(
    ErrorBudget budget, Map<String, Double> burnRates, Level level, Level burning, String reason) {

  public static BudgetState evaluate(
      Objective objective, List<MinuteEvents> minutes, Instant now, Duration window) {
    ErrorBudget budget = ErrorBudget.of(objective, minutes, now, window);
    Map<String, Double> rates = new LinkedHashMap<>();
    Level level = Level.OK;
    List<String> why = new ArrayList<>();
    for (BurnWindow alert : BurnWindow.WORKBOOK) {
      double longRate = rates(rates, objective, minutes, now, alert.longWindow());
      double shortRate = rates(rates, objective, minutes, now, alert.shortWindow());
      if (longRate >= alert.factor() && shortRate >= alert.factor()) {
        if (alert.level().compareTo(level) > 0) {
          level = alert.level();
        }
        why.add(
            String.format(
                Locale.ROOT,
                "burning %.1f× over %s and %.1f× over %s (%s at %s)",
                longRate,
                BurnWindow.text(alert.longWindow()),
                shortRate,
                BurnWindow.text(alert.shortWindow()),
                alert.level().label(),
                alert.describe()));
      }
    }
    Level burning = level;
    if (budget.exhausted()) {
      level = Level.EXHAUSTED;
      why.add(0, exhaustedSentence(budget));
    }
    String reason =
        why.isEmpty()
            ? String.format(
                Locale.ROOT,
                "%.1f%% of the budget left; no burn-rate alert fires",
                budget.remainingFraction() * 100)
            : String.join("; ", why);
    return new BudgetState(budget, rates, level, burning, reason);
  }

  private static double rates(
      Map<String, Double> rates,
      Objective objective,
      List<MinuteEvents> minutes,
      Instant now,
      Duration window) {
    return rates.computeIfAbsent(
        BurnWindow.text(window), k -> BurnRate.over(objective, minutes, now, window));
  }

  private static String exhaustedSentence(ErrorBudget budget) {
    return String.format(
        Locale.ROOT,
        "the budget is exhausted: %d bad of %.1f allowed (%d events) in the window",
        budget.bad(),
        budget.allowed(),
        budget.events());
  }
}
