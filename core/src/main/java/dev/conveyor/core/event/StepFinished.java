package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.StepOutcome;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.instance.InstanceId;

/**
 * Step {@code step} of a deployment ended. A launch names the instance it started ({@code slot} and
 * {@code instance}, else null); a verification carries its evidence (canonical JSON, else null).
 */
public record StepFinished(
    DeploymentId deployment,
    FleetKey fleet,
    int step,
    StepOutcome outcome,
    String detail,
    String slot,
    InstanceId instance,
    String evidence)
    implements Event {
  public StepFinished {
    Preconditions.present(deployment, "deployment");
    Preconditions.present(fleet, "fleet");
    Preconditions.check(step >= 1, "steps are numbered from 1, got %s", step);
    Preconditions.present(outcome, "outcome");
    Preconditions.present(detail, "detail");
    Preconditions.check(
        (slot == null) == (instance == null), "a slot and its instance come together");
  }

  @Override
  public ServiceName service() {
    return fleet.service();
  }
}
