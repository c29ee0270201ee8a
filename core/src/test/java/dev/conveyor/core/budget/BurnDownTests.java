package dev.conveyor.core.budget;

import static dev.conveyor.core.budget.ErrorBudgetTests.AVAILABILITY;
import static dev.conveyor.core.budget.ErrorBudgetTests.NOW;
import static dev.conveyor.core.budget.ErrorBudgetTests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The burn-down series, by hand and against {@link ErrorBudget#of} at every point. */
class BurnDownTests {
  @Test
  void eachPoint_isTheBudgetOverTheWindowEndingThere() {
    // 99.9% over 1 h: 1,000 requests a minute allow 1 bad each.
    List<MinuteEvents> minutes =
        List.of(
            at("10:30", 1_000, 0),
            at("11:00", 1_000, 0), // leaves the 12:00 window exactly at 12:00
            at("11:15", 1_000, 3),
            at("11:45", 1_000, 0),
            at("11:59", 1_000, 0));
    List<BurnDown.Point> series =
        BurnDown.of(AVAILABILITY, minutes, NOW, Duration.ofHours(1), Duration.ofMinutes(30), 3);

    assertThat(series)
        .extracting(BurnDown.Point::at)
        .containsExactly(
            Instant.parse("2026-11-22T11:00:00Z"), Instant.parse("2026-11-22T11:30:00Z"), NOW);
    // 11:00: [10:00, 11:00) holds 10:30 only: 1 allowed, none spent.
    assertThat(series.get(0).events()).isEqualTo(1_000);
    assertThat(series.get(0).remaining())
        .isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    // 11:30: [10:30, 11:30): 3 minutes, 3 allowed, 3 bad: exactly spent.
    assertThat(series.get(1).events()).isEqualTo(3_000);
    assertThat(series.get(1).bad()).isEqualTo(3);
    assertThat(series.get(1).remainingFraction()).isZero();
    // 12:00: [11:00, 12:00): 4 minutes, 4 allowed, 3 bad: a quarter left.
    assertThat(series.get(2).events()).isEqualTo(4_000);
    assertThat(series.get(2).remainingFraction())
        .isEqualTo(0.25, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void everyPoint_agreesWithErrorBudget_onRandomMinutes_atMinuteAndMidMinuteMoments() {
    Random random = new Random(7);
    List<MinuteEvents> minutes = new ArrayList<>();
    for (int m = 0; m < 600; m++) {
      if (random.nextInt(4) == 0) {
        continue; // minutes without traffic
      }
      long total = random.nextInt(500);
      minutes.add(
          new MinuteEvents(
              NOW.minus(Duration.ofMinutes(600 - m)),
              "sha256:v" + random.nextInt(3),
              total,
              total == 0 ? 0 : random.nextInt((int) total / 10 + 1)));
    }
    for (Instant now : List.of(NOW, NOW.minusSeconds(17), NOW.minusMillis(1))) {
      List<BurnDown.Point> series =
          BurnDown.of(AVAILABILITY, minutes, now, Duration.ofHours(2), Duration.ofSeconds(450), 40);
      for (BurnDown.Point p : series) {
        ErrorBudget expected = ErrorBudget.of(AVAILABILITY, minutes, p.at(), Duration.ofHours(2));
        assertThat(p.events()).as("events at %s", p.at()).isEqualTo(expected.events());
        assertThat(p.bad()).as("bad at %s", p.at()).isEqualTo(expected.bad());
        assertThat(p.remaining()).isEqualTo(expected.remaining());
      }
    }
  }

  @Test
  void aSeriesOfNoPoints_orTooMany_isRefused() {
    assertThatThrownBy(
            () ->
                BurnDown.of(
                    AVAILABILITY, List.of(), NOW, Duration.ofHours(1), Duration.ofMinutes(1), 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("a burn-down has 1 to 1000 points, got 0");
  }
}
