package dev.conveyor.core.instance;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import java.time.Instant;

/**
 * One activation of one artifact in one fleet, as the history describes it: its state, its traffic
 * weight (basis points, when active), where it answers ({@code endpoint}, null until it started),
 * and since when (time and sequence of its last change).
 */
public record Instance(
    InstanceId id,
    FleetKey fleet,
    ArtifactId artifact,
    ActivationState state,
    int weight,
    Endpoint endpoint,
    Instant since,
    long seq) {

  public Instance changedTo(ActivationState to, int weight, Instant time, long seq) {
    return new Instance(id, fleet, artifact, to, weight, endpoint, time, seq);
  }

  public Instance startedAt(Endpoint at, Instant time, long seq) {
    return new Instance(id, fleet, artifact, state, weight, at, time, seq);
  }
}
