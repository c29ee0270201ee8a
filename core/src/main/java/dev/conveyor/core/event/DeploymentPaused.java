package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;

/** A deployment was paused (by an operator, or by policy): no further step starts until resumed. */
public record DeploymentPaused(DeploymentId deployment, FleetKey fleet, String reason)
    implements Event {
  public DeploymentPaused {
    Preconditions.present(deployment, "deployment");
    Preconditions.present(fleet, "fleet");
    Preconditions.present(reason, "reason");
  }

  @Override
  public ServiceName service() {
    return fleet.service();
  }
}
