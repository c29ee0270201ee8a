package dev.conveyor.core.budget;

import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.ThresholdAdjustment;
import dev.conveyor.core.score.ThresholdSignal;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The pipeline's gates tighten as a service's error budget shrinks and ease when it is plentiful:
 * {@link BudgetPolicy#adjustment} of the budget left, for every stage of the service's pipeline. A
 * service without objectives is not adjusted.
 */
public final class BudgetThresholdSignal implements ThresholdSignal {
  private final BudgetPolicy policy;
  private final Function<ServiceName, OptionalDouble> remaining;

  /**
   * @param remaining the share of the budget left for a service (its tightest objective), empty
   *     when it has none
   */
  public BudgetThresholdSignal(
      BudgetPolicy policy, Function<ServiceName, OptionalDouble> remaining) {
    this.policy = policy;
    this.remaining = remaining;
  }

  @Override
  public ThresholdAdjustment adjustment(ServiceName service, EnvironmentName environment) {
    OptionalDouble left = remaining.apply(service);
    return left.isPresent() ? policy.adjustment(left.getAsDouble()) : ThresholdAdjustment.NONE;
  }
}
