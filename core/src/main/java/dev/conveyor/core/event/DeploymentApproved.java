package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;

/** Someone (the event's actor) approved step {@code step} of a deployment, for a reason. */
public record DeploymentApproved(DeploymentId deployment, FleetKey fleet, int step, String reason)
    implements Event {
  public DeploymentApproved {
    Preconditions.present(deployment, "deployment");
    Preconditions.present(fleet, "fleet");
    Preconditions.check(step >= 1, "steps are numbered from 1, got %s", step);
    Preconditions.present(reason, "reason");
  }

  @Override
  public ServiceName service() {
    return fleet.service();
  }
}
