package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;

/** A paused deployment goes on. */
public record DeploymentResumed(DeploymentId deployment, FleetKey fleet, String reason)
    implements Event {
  public DeploymentResumed {
    Preconditions.present(deployment, "deployment");
    Preconditions.present(fleet, "fleet");
    Preconditions.present(reason, "reason");
  }

  @Override
  public ServiceName service() {
    return fleet.service();
  }
}
