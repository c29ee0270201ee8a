package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;

/** Step {@code step} (from 1) of a deployment began. */
public record StepStarted(DeploymentId deployment, FleetKey fleet, int step, String description)
    implements Event {
  public StepStarted {
    Preconditions.present(deployment, "deployment");
    Preconditions.present(fleet, "fleet");
    Preconditions.check(step >= 1, "steps are numbered from 1, got %s", step);
    Preconditions.present(description, "description");
  }

  @Override
  public ServiceName service() {
    return fleet.service();
  }
}
