package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;

/**
 * A deployment ended: succeeded, failed or aborted (then {@code reason} says how it was undone).
 */
public record DeploymentFinished(
    DeploymentId deployment, FleetKey fleet, DeploymentStatus result, String reason)
    implements Event {
  public DeploymentFinished {
    Preconditions.present(deployment, "deployment");
    Preconditions.present(fleet, "fleet");
    Preconditions.check(
        result != null && result.finished(),
        "a deployment finishes as succeeded, failed or aborted, not %s",
        result);
    Preconditions.present(reason, "reason");
  }

  @Override
  public ServiceName service() {
    return fleet.service();
  }
}
