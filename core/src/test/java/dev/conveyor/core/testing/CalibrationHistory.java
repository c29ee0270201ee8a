package dev.conveyor.core.testing;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.event.ArtifactScored;
import dev.conveyor.core.event.DeploymentFinished;
import dev.conveyor.core.event.DeploymentStarted;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.history.History;
import dev.conveyor.core.plan.Plan;
import dev.conveyor.core.plan.PlanCodec;
import dev.conveyor.core.plan.Step;
import dev.conveyor.core.score.GateOutcome;
import dev.conveyor.core.score.Measure;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Records scorings and production deployments, rolled back or not, through a real {@link History}
 * (every event checked against the state it follows), for tests of the risk calibration.
 */
public final class CalibrationHistory {
  private final History history;

  public CalibrationHistory(History history) {
    this.history = history;
  }

  private void record(Event event) {
    history.record(state -> List.of(Events.draft(event)));
  }

  /** Registers {@code service:version}. */
  public CalibrationHistory register(String service, String version) {
    record(Events.registered(service, version));
    return this;
  }

  /** Scores {@code service:version} in {@code environment} (gate threshold 70). */
  public CalibrationHistory score(
      String service, String version, String environment, double score) {
    record(
        new ArtifactScored(
            artifact(service, version),
            ServiceName.of(service),
            EnvironmentName.of(environment),
            List.of(Measure.of("tests", score, 1, "tests scored " + score)),
            score,
            70,
            score >= 70 ? GateOutcome.GO : GateOutcome.NO_GO,
            List.of("scored " + score + " against 70"),
            Map.of()));
    return this;
  }

  /** Starts a deployment of {@code service:version} into {@code environment}; leaves it running. */
  public DeploymentId start(String service, String version, String environment) {
    FleetKey fleet = FleetKey.of(service, environment);
    DeploymentId id = history.current().nextDeploymentId(fleet.service());
    record(started(id, fleet, artifact(service, version), DeploymentKind.DEPLOY, null));
    return id;
  }

  /**
   * Deploys {@code service:version} into {@code environment}, ending as {@code result}; a failed or
   * aborted deployment is rolled back at once, as the controller does.
   */
  public DeploymentId deploy(
      String service, String version, String environment, DeploymentStatus result) {
    DeploymentId id = start(service, version, environment);
    finish(service, version, environment, id, result);
    return id;
  }

  /**
   * Ends the running deployment {@code id} as {@code result}, rolling it back unless it succeeded.
   */
  public void finish(
      String service,
      String version,
      String environment,
      DeploymentId id,
      DeploymentStatus result) {
    FleetKey fleet = FleetKey.of(service, environment);
    record(new DeploymentFinished(id, fleet, result, "ended " + result.label()));
    if (result != DeploymentStatus.SUCCEEDED) {
      rollBack(id, fleet, artifact(service, version));
    }
  }

  /** Rolls back {@code service:version}'s succeeded deployment {@code undone}, as an operator. */
  public DeploymentId rollBack(String service, String version, DeploymentId undone) {
    return rollBack(undone, FleetKey.of(service, "production"), artifact(service, version));
  }

  private DeploymentId rollBack(DeploymentId undone, FleetKey fleet, ArtifactId artifact) {
    DeploymentId id = history.current().nextDeploymentId(fleet.service());
    record(started(id, fleet, artifact, DeploymentKind.ROLLBACK, undone));
    record(new DeploymentFinished(id, fleet, DeploymentStatus.SUCCEEDED, "rolled back " + undone));
    return id;
  }

  private static DeploymentStarted started(
      DeploymentId id,
      FleetKey fleet,
      ArtifactId artifact,
      DeploymentKind kind,
      DeploymentId rollbackOf) {
    Plan plan = new Plan(fleet, artifact, "manual", List.of(new Step.Bake(Duration.ofSeconds(1))));
    return new DeploymentStarted(
        id, fleet, artifact, "manual", kind, rollbackOf, 1, PlanCodec.encode(plan));
  }

  public static ArtifactId artifact(String service, String version) {
    return Events.artifactId(service + ":" + version);
  }

  /**
   * The example history of the calibration tests. In production, by staging score:
   *
   * <ul>
   *   <li>{@code [0, 60)}: checkout v1 (55) failed; checkout v3 (58) succeeded and was rolled back
   *       by hand; payments v1 (50) aborted.
   *   <li>{@code [70, 80)}: checkout v7 (75) succeeded.
   *   <li>{@code [90, 100]}: checkout v2 (95) succeeded; checkout v6 (scored 40, rescored 91 before
   *       its deployment, 30 after) succeeded.
   *   <li>unscored: checkout v4 (scored in dev only) succeeded.
   *   <li>in flight: checkout v5 (92) still running.
   * </ul>
   *
   * Not counted: a failed deployment of checkout v1 to staging, and the rollbacks themselves.
   */
  public static void recordExample(History history) {
    CalibrationHistory h = new CalibrationHistory(history);
    for (String version : List.of("v1", "v2", "v3", "v4", "v5", "v6", "v7")) {
      h.register("checkout", version);
    }
    h.register("payments", "v1");
    h.score("checkout", "v1", "staging", 55);
    h.deploy("checkout", "v1", "staging", DeploymentStatus.FAILED);
    h.deploy("checkout", "v1", "production", DeploymentStatus.FAILED);
    h.score("checkout", "v2", "staging", 95).deploy("checkout", "v2", "production", SUCCEEDED);
    DeploymentId v3 =
        h.score("checkout", "v3", "staging", 58).deploy("checkout", "v3", "production", SUCCEEDED);
    h.rollBack("checkout", "v3", v3);
    h.score("checkout", "v4", "dev", 88).deploy("checkout", "v4", "production", SUCCEEDED);
    h.score("checkout", "v6", "staging", 40).score("checkout", "v6", "staging", 91);
    h.deploy("checkout", "v6", "production", SUCCEEDED);
    h.score("checkout", "v6", "staging", 30);
    h.score("checkout", "v7", "staging", 75).deploy("checkout", "v7", "production", SUCCEEDED);
    h.score("payments", "v1", "staging", 50);
    h.deploy("payments", "v1", "production", DeploymentStatus.ABORTED);
    h.score("checkout", "v5", "staging", 92).start("checkout", "v5", "production");
  }

  private static final DeploymentStatus SUCCEEDED = DeploymentStatus.SUCCEEDED;
}
