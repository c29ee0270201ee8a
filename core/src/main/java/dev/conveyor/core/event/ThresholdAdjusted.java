package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.ThresholdAdjustment;

/**
 * Someone tightened or eased one environment's gate threshold for business needs, from now on and
 * for every service, until the next adjustment (a delta of 0 restores the configured threshold).
 * The pipeline's own signal (the error budget, issue 6) adds to it.
 *
 * @param delta score points: positive tightens, negative eases
 */
public record ThresholdAdjusted(EnvironmentName environment, double delta, String reason)
    implements Event {
  /** Adjustments concern every service; the history files them under this name. */
  public static final ServiceName ALL_SERVICES = ServiceName.of("all-services");

  public ThresholdAdjusted {
    Preconditions.present(environment, "environment");
    Preconditions.check(
        reason != null && !reason.isBlank(),
        "a threshold adjustment needs a reason, such as 'release freeze for the audit'");
    new ThresholdAdjustment(delta, reason); // checks the range
  }

  public ThresholdAdjustment adjustment() {
    return new ThresholdAdjustment(delta, reason);
  }

  @Override
  public ServiceName service() {
    return ALL_SERVICES;
  }
}
