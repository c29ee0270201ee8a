package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.fleet.EnvironmentName;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The warn band and the sign-off measure: go only with a sign-off by an approver. */
class GateSignOffTests {
  private static final MeasureSpec TESTS = MeasureSpec.of(MeasureKind.TESTS, 1).vetoBelow(100);
  private static final MeasureSpec COVERAGE = MeasureSpec.of(MeasureKind.COVERAGE, 1);
  private static final Gate STAGING =
      new Gate(EnvironmentName.STAGING, 85, OptionalDouble.of(75), List.of(TESTS, COVERAGE));
  private static final SignOff CAROL = new SignOff("carol", "release note reviewed by legal");

  /** tests 100, coverage 60% of 75% = 80: (100 + 80) / 2 = 90. */
  private static RiskScore scoring(int coveredOf100) {
    return RiskScore.of(
        new TestResults(1, 5, 0, 0, 0, List.of()).measure(TESTS),
        new Coverage(100 - coveredOf100, coveredOf100).measure(COVERAGE));
  }

  @Test
  void scoreInTheWarnBand_waitsForASignOff() {
    // coverage 45% of 75% = 60: (100 + 60) / 2 = 80, between 75 and 85
    GateDecision decision = STAGING.decide(scoring(45), ThresholdAdjustment.NONE, Optional.empty());

    assertThat(decision.outcome()).isEqualTo(GateOutcome.AWAITING_SIGNOFF);
    assertThat(decision.passed()).isFalse();
    assertThat(decision.reasons())
        .containsExactly(
            "The risk score 80 is below the staging threshold of 85 but within its warn band"
                + " from 75, so it may go on with a sign-off.",
            "Waiting for a sign-off by an approver other than the author: conveyor signoff"
                + " ARTIFACT --env staging --reason TEXT.");
  }

  @Test
  void scoreInTheWarnBand_withASignOff_goes() {
    GateDecision decision =
        STAGING.decide(scoring(45), ThresholdAdjustment.NONE, Optional.of(CAROL));

    assertThat(decision.outcome()).isEqualTo(GateOutcome.GO);
    assertThat(decision.reasons()).endsWith("Signed off by carol: release note reviewed by legal.");
  }

  @Test
  void scoreBelowTheWarnBand_isNoGo_evenWithASignOff() {
    // coverage 30% of 75% = 40: (100 + 40) / 2 = 70
    GateDecision decision =
        STAGING.decide(scoring(30), ThresholdAdjustment.NONE, Optional.of(CAROL));

    assertThat(decision.outcome()).isEqualTo(GateOutcome.NO_GO);
    assertThat(decision.reasons())
        .containsExactly("The risk score 70 is below the staging threshold of 85.");
  }

  @Test
  void warnBand_movesWithTheAdjustment() {
    // 80 is in the band 75–85; tightened by 10 the band is 85–95 and 80 is below it.
    GateDecision decision =
        STAGING.decide(
            scoring(45), ThresholdAdjustment.tighten(10, "error budget low"), Optional.empty());

    assertThat(decision.outcome()).isEqualTo(GateOutcome.NO_GO);
  }

  @Test
  void gateListingSignOff_waitsEvenAtAFullScore_andGoesOnceTheMeasureIsThere() {
    MeasureSpec signOff = MeasureSpec.of(MeasureKind.SIGNOFF, 0);
    Gate regulated = new Gate(EnvironmentName.PRODUCTION, 90, List.of(TESTS, signOff));
    RiskScore perfect = RiskScore.of(new TestResults(1, 5, 0, 0, 0, List.of()).measure(TESTS));

    GateDecision waiting = regulated.decide(perfect, ThresholdAdjustment.NONE, Optional.empty());
    assertThat(waiting.outcome()).isEqualTo(GateOutcome.AWAITING_SIGNOFF);
    assertThat(waiting.reasons())
        .containsExactly(
            "The production gate requires a sign-off by an approver.",
            "The risk score 100 clears the production threshold of 90.",
            "Waiting for a sign-off by an approver other than the author: conveyor signoff"
                + " ARTIFACT --env production --reason TEXT.");

    RiskScore signed =
        RiskScore.of(
            new TestResults(1, 5, 0, 0, 0, List.of()).measure(TESTS),
            signOff.measure(100, "signed off by carol: release note reviewed by legal"));
    assertThat(regulated.decide(signed, ThresholdAdjustment.NONE, Optional.of(CAROL)).outcome())
        .isEqualTo(GateOutcome.GO);
  }

  @Test
  void warnAboveTheThreshold_isRefused() {
    assertThatThrownBy(
            () -> new Gate(EnvironmentName.STAGING, 85, OptionalDouble.of(90), List.of(TESTS)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "the staging warn floor must be a score from 0 up to its threshold of 85, got 90.0");
  }

  @Test
  void signOff_needsAReason() {
    assertThatThrownBy(() -> new SignOff("carol", " "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("a sign-off needs a reason, such as 'legal review LR-142 done'");
  }
}
