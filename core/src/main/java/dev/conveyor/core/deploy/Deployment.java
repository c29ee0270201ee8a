package dev.conveyor.core.deploy;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.InstanceId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A deployment as the history describes it. While it runs (or is paused) it carries its plan, the
 * instances its launch steps started ({@code slots}), the step in progress ({@code currentStep}, 0
 * when none) and the approvals given; once finished, only what it was and how it ended.
 *
 * @param finishedSteps how many steps ended, in order
 */
public record Deployment(
    DeploymentId id,
    FleetKey fleet,
    ArtifactId artifact,
    String strategy,
    DeploymentKind kind,
    DeploymentId rollbackOf,
    int steps,
    String plan,
    DeploymentStatus status,
    int finishedSteps,
    int currentStep,
    Map<String, InstanceId> slots,
    Set<Integer> approvals,
    Instant started,
    long startedSeq,
    Instant finished,
    String reason) {

  public Deployment {
    slots = Map.copyOf(slots);
    approvals = Set.copyOf(approvals);
  }

  public boolean active() {
    return !status.finished();
  }
}
