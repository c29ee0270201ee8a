package dev.conveyor.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.budget.BurnWindow.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Budget and burn arithmetic against hand-computed cases. */
class ErrorBudgetTests {
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  static final Objective AVAILABILITY =
      new Objective(
          "availability",
          ObjectiveKind.AVAILABILITY,
          0.999,
          Optional.empty(),
          Optional.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty());

  static MinuteEvents at(String time, long total, long bad) {
    return new MinuteEvents(Instant.parse("2026-11-22T" + time + ":00Z"), "sha256:v1", total, bad);
  }

  @Test
  void budget_countsTheWindowFromItsStartInclusive_toNowExclusive() {
    List<MinuteEvents> minutes =
        List.of(
            at("10:59", 5000, 500), // before now − 1h: out
            at("11:00", 1000, 0), // exactly now − 1h: in
            at("11:59", 1000, 1), // the last whole minute: in
            at("12:00", 1000, 1000)); // now itself: out
    ErrorBudget budget = ErrorBudget.of(AVAILABILITY, minutes, NOW, Duration.ofHours(1));
    // 2000 events in; allowed = 0.001 × 2000 = 2; bad 1; remaining 1 = half the budget.
    assertThat(budget.events()).isEqualTo(2000);
    assertThat(budget.bad()).isEqualTo(1);
    assertThat(budget.allowed()).isCloseTo(2.0, within(1e-9));
    assertThat(budget.remaining()).isCloseTo(1.0, within(1e-9));
    assertThat(budget.remainingFraction()).isCloseTo(0.5, within(1e-9));
    assertThat(budget.exhausted()).isFalse();
  }

  @Test
  void overspentBudget_isExhausted_withANegativeRemainder() {
    List<MinuteEvents> minutes = List.of(at("11:00", 1000, 0), at("11:30", 1000, 3));
    ErrorBudget budget = ErrorBudget.of(AVAILABILITY, minutes, NOW, Duration.ofHours(1));
    // allowed 2, bad 3: remaining −1, −50% of the budget.
    assertThat(budget.remaining()).isCloseTo(-1.0, within(1e-9));
    assertThat(budget.remainingFraction()).isCloseTo(-0.5, within(1e-9));
    assertThat(budget.exhausted()).isTrue();
    BudgetState state = BudgetState.evaluate(AVAILABILITY, minutes, NOW, Duration.ofHours(1));
    assertThat(state.level()).isEqualTo(Level.EXHAUSTED);
    assertThat(state.reason())
        .startsWith("the budget is exhausted: 3 bad of 2.0 allowed (2000 events) in the window");
  }

  @Test
  void aBudgetSpentExactly_isNotExhausted() {
    // 2000 events at 99.9% allow exactly 2 bad: 2 spent leaves 0, not a rounding error below it.
    List<MinuteEvents> minutes = List.of(at("11:00", 1000, 1), at("11:30", 1000, 1));
    ErrorBudget budget = ErrorBudget.of(AVAILABILITY, minutes, NOW, Duration.ofHours(1));
    assertThat(budget.remaining()).isZero();
    assertThat(budget.exhausted()).isFalse();
    assertThat(
            SloConfig.parse(
                    "services:\n  s:\n    objectives:\n      - {name: a, kind: availability, target: 99.9%}\n",
                    "slos.yaml")
                .services()
                .values()
                .iterator()
                .next()
                .objectives()
                .get(0)
                .target())
        .isEqualTo(0.999);
  }

  @Test
  void noEvents_spendNothing() {
    ErrorBudget budget = ErrorBudget.of(AVAILABILITY, List.of(), NOW, Duration.ofDays(28));
    assertThat(budget.remainingFraction()).isEqualTo(1);
    assertThat(BurnRate.over(AVAILABILITY, List.of(), NOW, Duration.ofHours(1))).isZero();
  }

  @Test
  void fastBurn_pagesOnBothWorkbookPairs_andTickets_withTheRatesInTheReason() {
    List<MinuteEvents> minutes = new ArrayList<>();
    // Ten days ago, a good day: keeps the 28-day budget far from spent.
    minutes.add(new MinuteEvents(NOW.minus(Duration.ofDays(10)), "sha256:v1", 1_000_000, 0));
    // 11:00–11:54: 55 minutes of 100 requests with 2 bad; 11:55–11:59: 5 with 5 bad.
    for (int m = 0; m < 60; m++) {
      minutes.add(
          new MinuteEvents(
              NOW.minus(Duration.ofMinutes(60 - m)), "sha256:v2", 100, m < 55 ? 2 : 5));
    }
    // 1h: (55×2 + 5×5) / 6000 = 135 / 6000 = 0.0225 → 22.5× the 0.001 budget share.
    assertThat(BurnRate.over(AVAILABILITY, minutes, NOW, Duration.ofHours(1)))
        .isCloseTo(22.5, within(1e-9));
    // 5m: 25 / 500 = 0.05 → 50×.  30m: (25×2 + 5×5) / 3000 = 75 / 3000 → 25×.
    assertThat(BurnRate.over(AVAILABILITY, minutes, NOW, Duration.ofMinutes(5)))
        .isCloseTo(50, within(1e-9));
    assertThat(BurnRate.over(AVAILABILITY, minutes, NOW, Duration.ofMinutes(30)))
        .isCloseTo(25, within(1e-9));

    BudgetState state = BudgetState.evaluate(AVAILABILITY, minutes, NOW, Duration.ofDays(28));
    // 28d: 1,006,000 events allow 1006 bad; 135 spent: 871 left.
    assertThat(state.budget().remaining()).isCloseTo(871, within(1e-6));
    assertThat(state.level()).isEqualTo(Level.PAGE);
    assertThat(state.burnRates().keySet()).containsExactly("1h", "5m", "6h", "30m", "3d");
    assertThat(state.reason())
        .isEqualTo(
            "burning 22.5× over 1h and 50.0× over 5m (page at 1h & 5m ≥ 14.4×); burning 22.5×"
                + " over 6h and 25.0× over 30m (page at 6h & 30m ≥ 6×); burning 22.5× over 3d and"
                + " 22.5× over 6h (ticket at 3d & 6h ≥ 1×)");
  }

  @Test
  void slowSteadyBurn_isATicket_notAPage() {
    List<MinuteEvents> minutes = new ArrayList<>();
    minutes.add(new MinuteEvents(NOW.minus(Duration.ofDays(20)), "sha256:v1", 10_000_000, 0));
    // One bad in 500 every minute for the last 6 hours: 2× the budget share, under 6× and 14.4×.
    for (int m = 1; m <= 360; m++) {
      minutes.add(new MinuteEvents(NOW.minus(Duration.ofMinutes(m)), "sha256:v1", 500, 1));
    }
    BudgetState state = BudgetState.evaluate(AVAILABILITY, minutes, NOW, Duration.ofDays(28));
    assertThat(state.level()).isEqualTo(Level.TICKET);
    assertThat(state.reason())
        .isEqualTo("burning 2.0× over 3d and 2.0× over 6h (ticket at 3d & 6h ≥ 1×)");
  }

  @Test
  void attribution_goesToTheDeploymentThatBroughtTheArtifact_largestFirst_inTheWindowOnly() {
    List<MinuteEvents> minutes =
        List.of(
            new MinuteEvents(Instant.parse("2026-11-22T10:00:00Z"), "sha256:v0", 100, 50),
            new MinuteEvents(Instant.parse("2026-11-22T11:05:00Z"), "sha256:v0", 100, 4),
            new MinuteEvents(Instant.parse("2026-11-22T11:10:00Z"), "sha256:v1", 100, 2),
            new MinuteEvents(Instant.parse("2026-11-22T11:20:00Z"), "sha256:v2", 100, 7),
            new MinuteEvents(Instant.parse("2026-11-22T11:30:00Z"), "sha256:v1", 100, 1),
            new MinuteEvents(Instant.parse("2026-11-22T11:40:00Z"), "sha256:v3", 100, 0));
    List<BudgetAttribution.Deployed> deployments =
        List.of(
            // v1 by shop-1 at 11:10:30 (its minute counts from 11:10), v2 by shop-2 at 11:19,
            // rolled back to v1 by shop-3 at 11:25: v1's 11:30 minute is shop-3's.
            new BudgetAttribution.Deployed(
                "shop-1", "sha256:v1", Instant.parse("2026-11-22T11:10:30Z")),
            new BudgetAttribution.Deployed(
                "shop-2", "sha256:v2", Instant.parse("2026-11-22T11:19:00Z")),
            new BudgetAttribution.Deployed(
                "shop-3", "sha256:v1", Instant.parse("2026-11-22T11:25:00Z")),
            new BudgetAttribution.Deployed(
                "shop-4", "sha256:v3", Instant.parse("2026-11-22T11:39:00Z")));
    Instant from = NOW.minus(Duration.ofHours(1));
    assertThat(BudgetAttribution.of(minutes, deployments, from, NOW))
        .containsExactly(
            new BudgetAttribution.Spent("shop-2", "sha256:v2", 7),
            new BudgetAttribution.Spent("", "sha256:v0", 4),
            new BudgetAttribution.Spent("shop-1", "sha256:v1", 2),
            new BudgetAttribution.Spent("shop-3", "sha256:v1", 1));
    assertThat(BudgetAttribution.spentBy("shop-1", minutes, deployments, from, NOW)).isEqualTo(2);
    assertThat(BudgetAttribution.spentBy("shop-4", minutes, deployments, from, NOW)).isZero();
  }

  @Test
  void aMinuteNotOnAWholeMinute_orMoreBadThanEvents_isRefused() {
    assertThatThrownBy(() -> new MinuteEvents(Instant.parse("2026-11-22T11:00:30Z"), "", 1, 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("a minute starts on a whole minute, got 2026-11-22T11:00:30Z");
    assertThatThrownBy(() -> at("11:00", 1, 2))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "a minute counts 0 or more events of which at most all are bad, got 2 bad of 1");
  }
}
