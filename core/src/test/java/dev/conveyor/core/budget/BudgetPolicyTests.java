package dev.conveyor.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.ThresholdAdjustment;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BudgetPolicyTests {
  @Test
  void gatesTighten_asTheBudgetShrinks_theFirstMatchingBandWins() {
    BudgetPolicy policy = BudgetPolicy.DEFAULT;
    assertThat(policy.adjustment(0.05))
        .isEqualTo(new ThresholdAdjustment(10, "error budget 5% left (below 10%)"));
    assertThat(policy.adjustment(0.30))
        .isEqualTo(new ThresholdAdjustment(5, "error budget 30% left (below 50%)"));
    assertThat(policy.adjustment(0.80)).isEqualTo(ThresholdAdjustment.NONE);
    assertThat(policy.adjustment(-0.5).delta()).isEqualTo(10);
  }

  @Test
  void exposureAllowance_isTheCapOfWhatRemains_andNothingOnceSpent() {
    assertThat(BudgetPolicy.DEFAULT.exposureAllowance(800)).isEqualTo(200);
    assertThat(BudgetPolicy.DEFAULT.exposureAllowance(-3)).isZero();
  }

  @Test
  void exposure_stopsBeforeTheAllowanceIsPassed_countingThePaceUntilTheStopTakesEffect() {
    // 20 bad events left at the start; a 25% cap allows 5.
    Exposure calm =
        BudgetPolicy.DEFAULT.exposure("availability", 20, 2, 0.5, Duration.ofSeconds(4));
    assertThat(calm.allowance()).isEqualTo(5);
    assertThat(calm.projected()).isEqualTo(4);
    assertThat(calm.exceeds()).isFalse();

    Exposure close =
        BudgetPolicy.DEFAULT.exposure("availability", 20, 3, 0.5, Duration.ofSeconds(5));
    assertThat(close.projected()).isEqualTo(5.5);
    assertThat(close.exceeds()).isTrue();
    assertThat(close.reason())
        .isEqualTo(
            "exposure cap: the deployment spent 3 bad events of objective availability and at its"
                + " pace would reach 5.5 before a stop takes effect, over its allowance of 5.0"
                + " (25% of the 20.0 left when it started)");

    // Exactly the allowance is within it; nothing left at the start allows nothing.
    assertThat(BudgetPolicy.DEFAULT.exposure("a", 20, 5, 0, Duration.ofSeconds(4)).exceeds())
        .isFalse();
    assertThat(BudgetPolicy.DEFAULT.exposure("a", -1, 1, 0, Duration.ofSeconds(4)).exceeds())
        .isTrue();
  }

  @Test
  void thresholdSignal_adjustsEveryStageOfAServiceWithObjectives_only() {
    BudgetThresholdSignal signal =
        new BudgetThresholdSignal(
            BudgetPolicy.DEFAULT,
            service ->
                Map.of(ServiceName.of("shop"), OptionalDouble.of(0.08))
                    .getOrDefault(service, OptionalDouble.empty()));
    assertThat(signal.adjustment(ServiceName.of("shop"), EnvironmentName.STAGING).delta())
        .isEqualTo(10);
    assertThat(signal.adjustment(ServiceName.of("cart"), EnvironmentName.STAGING))
        .isEqualTo(ThresholdAdjustment.NONE);
  }
}
