package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.SignOff;

/**
 * An approver who is not the artifact's author signed off on it at one environment's gate, with a
 * reason: the artifact waiting there for a sign-off may go on.
 */
public record ArtifactSignedOff(
    ArtifactId artifact,
    ServiceName service,
    EnvironmentName environment,
    String approver,
    String reason)
    implements Event {
  public ArtifactSignedOff {
    Preconditions.present(artifact, "artifact");
    Preconditions.present(service, "service");
    Preconditions.present(environment, "environment");
    new SignOff(approver, reason); // checks both
  }

  /** The sign-off as the gate takes it. */
  public SignOff signOff() {
    return new SignOff(approver, reason);
  }
}
