package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.Provenance;
import dev.conveyor.core.fleet.ServiceName;

/** An artifact's bytes were stored and verified; from now on it can be deployed. */
public record ArtifactRegistered(
    ArtifactId artifact, ServiceName service, String version, long size, Provenance provenance)
    implements Event {
  public ArtifactRegistered {
    Preconditions.present(artifact, "artifact");
    Preconditions.present(service, "service");
    Preconditions.present(version, "version");
    Preconditions.check(size >= 0, "artifact size must not be negative, got %s", size);
    Preconditions.present(provenance, "provenance");
  }
}
