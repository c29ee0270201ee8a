package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.instance.InstanceId;

/** A new instance of an artifact joined a fleet, in state {@code starting}. */
public record InstanceLaunched(InstanceId instance, FleetKey fleet, ArtifactId artifact)
    implements Event {
  public InstanceLaunched {
    Preconditions.present(instance, "instance");
    Preconditions.present(fleet, "fleet");
    Preconditions.present(artifact, "artifact");
  }

  @Override
  public ServiceName service() {
    return fleet.service();
  }
}
