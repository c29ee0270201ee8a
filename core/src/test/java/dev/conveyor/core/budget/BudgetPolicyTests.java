package dev.conveyor.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.ThresholdAdjustment;
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
