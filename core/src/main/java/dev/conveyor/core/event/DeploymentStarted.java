package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;

/**
 * A deployment began: its plan (canonical JSON, as {@code PlanCodec} writes it) is now the fleet's
 * one running plan. A rollback names the deployment it undoes in {@code rollbackOf}.
 *
 * @param override when a {@link dev.conveyor.core.deploy.DeploymentGuard} would have refused it (an
 *     exhausted error budget) and an operator started it anyway as a fix: their reason; else null
 */
public record DeploymentStarted(
    DeploymentId deployment,
    FleetKey fleet,
    ArtifactId artifact,
    String strategy,
    DeploymentKind kind,
    DeploymentId rollbackOf,
    int steps,
    String plan,
    String override)
    implements Event {
  public DeploymentStarted {
    Preconditions.present(deployment, "deployment");
    Preconditions.present(fleet, "fleet");
    Preconditions.present(artifact, "artifact");
    Preconditions.present(strategy, "strategy");
    Preconditions.present(kind, "kind");
    Preconditions.check(steps >= 1, "a deployment has at least one step, got %s", steps);
    Preconditions.present(plan, "plan");
    Preconditions.check(
        (kind == DeploymentKind.ROLLBACK) == (rollbackOf != null),
        "a rollback, and only a rollback, names the deployment it undoes");
    Preconditions.check(
        override == null || !override.isBlank(), "an override needs its reason, got a blank one");
  }

  /** A deployment started without overriding anything. */
  public DeploymentStarted(
      DeploymentId deployment,
      FleetKey fleet,
      ArtifactId artifact,
      String strategy,
      DeploymentKind kind,
      DeploymentId rollbackOf,
      int steps,
      String plan) {
    this(deployment, fleet, artifact, strategy, kind, rollbackOf, steps, plan, null);
  }

  @Override
  public ServiceName service() {
    return fleet.service();
  }
}
