package dev.conveyor.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.server.deploy.DeploymentReport;
import java.util.List;

/** A deployment as the API shows it: what, where, how far, and each step's story. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentView(
    String id,
    String service,
    String environment,
    String artifact,
    String strategy,
    String kind,
    String rollbackOf,
    String status,
    String startedBy,
    String started,
    String finished,
    String reason,
    int steps,
    int finishedSteps,
    int currentStep,
    double candidateShare,
    String progress,
    List<StepView> stepDetails) {

  /** One step of a deployment. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StepView(
      int number,
      String description,
      String state,
      String started,
      String finished,
      String detail,
      @JsonRawValue String evidence,
      String approvedBy) {}

  /** The candidate's share of the fleet's client traffic now: its artifact's active weights. */
  static double candidateShare(SystemState state, Deployment d) {
    long total = 0;
    long candidate = 0;
    for (Instance i : state.fleet(d.fleet())) {
      if (i.state() == ActivationState.ACTIVE) {
        total += i.weight();
        if (i.artifact().equals(d.artifact())) {
          candidate += i.weight();
        }
      }
    }
    return total == 0 ? 0 : (double) candidate / total;
  }

  static DeploymentView summary(Deployment d, SystemState state, String progress) {
    return of(d, state, progress, null, null);
  }

  static DeploymentView of(DeploymentReport report, SystemState state, String progress) {
    List<StepView> steps =
        report.steps().stream()
            .map(
                s ->
                    new StepView(
                        s.number(),
                        s.description(),
                        s.state(),
                        s.started() == null ? null : s.started().toString(),
                        s.finished() == null ? null : s.finished().toString(),
                        s.detail(),
                        s.evidence(),
                        s.approvedBy()))
            .toList();
    return of(report.deployment(), state, progress, report.startedBy().name(), steps);
  }

  private static DeploymentView of(
      Deployment d, SystemState state, String progress, String startedBy, List<StepView> steps) {
    return new DeploymentView(
        d.id().value(),
        d.fleet().service().value(),
        d.fleet().environment().value(),
        d.artifact().value(),
        d.strategy(),
        d.kind().label(),
        d.rollbackOf() == null ? null : d.rollbackOf().value(),
        d.status().label(),
        startedBy,
        d.started().toString(),
        d.finished() == null ? null : d.finished().toString(),
        d.reason(),
        d.steps(),
        d.finishedSteps(),
        d.currentStep(),
        d.active() ? candidateShare(state, d) : 0,
        progress,
        steps);
  }
}
