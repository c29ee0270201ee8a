package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RiskScoreTests {
  private static final Measure TESTS = Measure.of("tests", 90, 3, "90 of 100 tests passed");
  private static final Measure COVERAGE = Measure.of("coverage", 60, 1, "45% of lines");
  private static final Measure HAPPINESS = Measure.of("happiness", 10, 0, "mean answer 1.4");

  @Test
  void value_isTheWeightedMeanAndIgnoresWeightZero() {
    RiskScore score = RiskScore.of(TESTS, COVERAGE, HAPPINESS);

    // (3 × 90 + 1 × 60) / 4 = 82.5; happiness is shown but weighs nothing.
    assertThat(score.value()).isEqualTo(82.5);
    assertThat(score.contributions())
        .containsExactly(
            new Contribution("tests", 90, 3, 0.75, 67.5),
            new Contribution("coverage", 60, 1, 0.25, 15),
            new Contribution("happiness", 10, 0, 0, 0));
  }

  @Test
  void vetoes_listsMeasuresBelowTheirFloor() {
    Measure review = new Measure("review", 0, 2, OptionalDouble.of(100), "1 of 3 commits lack");
    Measure lint = new Measure("lint", 86, 1, OptionalDouble.of(50), "1 error");

    RiskScore score = RiskScore.of(review, lint);

    assertThat(score.vetoes()).containsExactly(review);
    assertThat(score.value()).isCloseTo(28.6667, within(1e-4));
  }

  @Test
  void noWeightedMeasure_isZeroAndUnweighted() {
    RiskScore score = RiskScore.of(HAPPINESS);

    assertThat(score.isWeighted()).isFalse();
    assertThat(score.value()).isZero();
  }

  @Test
  void duplicateMeasure_isRefused() {
    assertThatThrownBy(() -> new RiskScore(List.of(TESTS, TESTS)))
        .hasMessage("measure 'tests' is given twice; combine its reports into one measure");
  }

  @Test
  void measure_scoreOutOfRange_isRefused() {
    assertThatThrownBy(() -> Measure.of("tests", 101, 1, ""))
        .hasMessage("measure 'tests' has score 101.0; scores run from 0 to 100");
  }
}
