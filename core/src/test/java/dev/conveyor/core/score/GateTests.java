package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.fleet.EnvironmentName;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GateTests {
  private static final MeasureSpec TESTS = MeasureSpec.of(MeasureKind.TESTS, 3).vetoBelow(100);
  private static final MeasureSpec COVERAGE = MeasureSpec.of(MeasureKind.COVERAGE, 1);
  private static final MeasureSpec LINT = MeasureSpec.of(MeasureKind.LINT, 1);
  private static final MeasureSpec HAPPINESS =
      MeasureSpec.of(MeasureKind.HAPPINESS, 0).asOptional();

  private static final Gate DEV =
      new Gate(EnvironmentName.DEV, 80, List.of(TESTS, COVERAGE, LINT, HAPPINESS));

  /** All tests pass (100), coverage 81.25% of a 75% target (100), lint 86: (300+100+86)/5. */
  private static RiskScore good() {
    return RiskScore.of(
        new TestResults(1, 5, 0, 0, 0, List.of()).measure(TESTS),
        new Coverage(30, 130).measure(COVERAGE),
        new LintFindings(1, 2, 1).measure(LINT));
  }

  @Test
  void decide_scoreAboveThreshold_passes() {
    GateDecision decision = DEV.decide(good());

    assertThat(decision.passed()).isTrue();
    assertThat(decision.score()).isEqualTo(97.2);
    assertThat(decision.threshold()).isEqualTo(80);
    assertThat(decision.reasons())
        .containsExactly(
            "The risk score 97.2 clears the dev threshold of 80.",
            "Optional measure 'happiness' is missing and is left out of the score.");
    assertThat(decision.contributions())
        .extracting(Contribution::measure)
        .containsExactly("tests", "coverage", "lint");
  }

  @Test
  void decide_scoreBelowThreshold_fails() {
    // tests 100 × 3, coverage 30% of 75% = 40, lint 9 errors = 10: (300 + 40 + 10) / 5 = 70
    RiskScore score =
        RiskScore.of(
            new TestResults(1, 5, 0, 0, 0, List.of()).measure(TESTS),
            new Coverage(70, 30).measure(COVERAGE),
            new LintFindings(9, 0, 0).measure(LINT),
            SurveyScore.of(4, 4).measure(HAPPINESS));

    GateDecision decision = DEV.decide(score);

    assertThat(decision.passed()).isFalse();
    assertThat(decision.reasons())
        .containsExactly("The risk score 70 is below the dev threshold of 80.");
  }

  @Test
  void decide_veto_failsWhateverTheScore() {
    RiskScore score =
        RiskScore.of(
            new TestResults(1, 100, 1, 0, 0, List.of("CartTests.total")).measure(TESTS),
            new Coverage(0, 100).measure(COVERAGE),
            new LintFindings(0, 0, 0).measure(LINT));

    GateDecision decision = DEV.decide(score);

    // (3 × 99 + 100 + 100) / 5 = 99.4, still a no-go.
    assertThat(decision.passed()).isFalse();
    assertThat(decision.reasons())
        .containsExactly(
            "Measure 'tests' vetoes: its score 99 is below its veto floor of 100 (99 of 100 tests"
                + " passed (1 failed, 0 errors, 0 skipped) in 1 report; failing:"
                + " CartTests.total).",
            "The risk score 99.4 clears the dev threshold of 80.",
            "Optional measure 'happiness' is missing and is left out of the score.");
  }

  @Test
  void decide_missingExpectedMeasure_failsNamingIt() {
    RiskScore score =
        RiskScore.of(
            new TestResults(1, 5, 0, 0, 0, List.of()).measure(TESTS),
            new LintFindings(0, 0, 0).measure(LINT),
            SurveyScore.of(5).measure(HAPPINESS));

    GateDecision decision = DEV.decide(score);

    assertThat(decision.passed()).isFalse();
    assertThat(decision.reasons())
        .containsExactly(
            "The dev gate expects measure 'coverage', but it is missing; supply it, or mark it"
                + " optional in the gate.",
            "The risk score 100 clears the dev threshold of 80.");
  }

  @Test
  void decide_nothingWeighted_fails() {
    Gate gate = new Gate(EnvironmentName.DEV, 0, List.of(HAPPINESS));

    GateDecision decision = gate.decide(RiskScore.of(SurveyScore.of(5).measure(HAPPINESS)));

    assertThat(decision.passed()).isFalse();
    assertThat(decision.reasons())
        .containsExactly(
            "No measure with a weight above 0 was given, so nothing can clear the dev threshold"
                + " of 0.");
  }

  @Nested
  class Adjustment {
    @Test
    void tightened_raisesTheThresholdAndSaysSo() {
      GateDecision decision =
          DEV.decide(good(), ThresholdAdjustment.tighten(18, "error budget burning fast"));

      assertThat(decision.passed()).isFalse();
      assertThat(decision.configuredThreshold()).isEqualTo(80);
      assertThat(decision.threshold()).isEqualTo(98);
      assertThat(decision.reasons())
          .startsWith(
              "The dev threshold of 80 was tightened by 18 to 98: error budget burning fast.",
              "The risk score 97.2 is below the dev threshold of 98.");
    }

    @Test
    void tightenedPast100_isClamped() {
      GateDecision decision =
          DEV.decide(good(), ThresholdAdjustment.tighten(30, "release freeze."));

      assertThat(decision.threshold()).isEqualTo(100);
      assertThat(decision.reasons().get(0))
          .isEqualTo(
              "The dev threshold of 80 was tightened by 30 to 100 (the most it can be): release"
                  + " freeze.");
    }

    @Test
    void easedPast0_isClamped() {
      GateDecision decision = DEV.decide(good(), ThresholdAdjustment.ease(95, "incident fix"));

      assertThat(decision.passed()).isTrue();
      assertThat(decision.threshold()).isZero();
      assertThat(decision.adjustment().delta()).isEqualTo(-95);
      assertThat(decision.reasons().get(0))
          .isEqualTo(
              "The dev threshold of 80 was eased by 95 to 0 (the least it can be): incident fix.");
    }

    @Test
    void withoutReason_isRefused() {
      assertThatThrownBy(() -> ThresholdAdjustment.tighten(5, " "))
          .hasMessage(
              "a threshold adjustment of 5 points needs a reason, such as 'error budget"
                  + " exhausted'");
    }

    @Test
    void outOfRange_isRefused() {
      assertThatThrownBy(() -> new ThresholdAdjustment(120, "why not"))
          .hasMessage("a threshold adjustment must be from -100 to 100 points, got 120.0");
    }
  }

  @Test
  void thresholdOutOfRange_isRefused() {
    assertThatThrownBy(() -> new Gate(EnvironmentName.STAGING, 101, List.of(TESTS)))
        .hasMessage("the staging threshold must be a score from 0 to 100, got 101.0");
  }

  @Test
  void sameMeasureTwice_isRefused() {
    assertThatThrownBy(() -> new Gate(EnvironmentName.DEV, 80, List.of(LINT, LINT)))
        .hasMessage("the dev gate lists measure 'lint' twice");
  }
}
