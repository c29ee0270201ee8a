package dev.conveyor.core.score;

import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;

/**
 * An automatic adjustment of a gate's threshold from the state of the live system, such as the
 * error budget: tightened as the budget shrinks, eased when it is plentiful. The pipeline adds it
 * to the adjustment people made ({@link ThresholdAdjustment#plus}) each time a gate decides, so the
 * decision's reasons show both.
 */
@FunctionalInterface
public interface ThresholdSignal {
  /** No automatic adjustment: the threshold is what the config and people say. */
  ThresholdSignal NONE = (service, environment) -> ThresholdAdjustment.NONE;

  /** The adjustment for {@code service}'s gate at {@code environment} now. */
  ThresholdAdjustment adjustment(ServiceName service, EnvironmentName environment);
}
