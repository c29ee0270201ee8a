package dev.conveyor.server.api;

import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.event.ArtifactSignedOff;
import dev.conveyor.core.score.Gate;
import dev.conveyor.core.score.MeasureSpec;
import dev.conveyor.server.pipeline.PipelineService;
import java.util.List;

/** The pipeline as the API shows it: the gates as they stand, and an artifact's way along them. */
final class PipelineView {
  private PipelineView() {}

  /**
   * One gate: its configured and current threshold, warn floor, measures, and what the stage runs.
   */
  record GateView(
      String environment,
      double configuredThreshold,
      double threshold,
      Double warn,
      double adjustment,
      String adjustmentReason,
      List<String> measures,
      boolean simulation,
      boolean staging,
      String deploy) {
    static GateView of(PipelineService.GateState state) {
      Gate gate = state.stage().gate();
      return new GateView(
          gate.environment().value(),
          gate.threshold(),
          state.threshold(),
          gate.warn().isPresent() ? state.adjustment().apply(gate.warn().getAsDouble()) : null,
          state.adjustment().delta(),
          state.adjustment().reason(),
          gate.measures().stream().map(MeasureSpec::kind).map(Object::toString).toList(),
          state.stage().simulation().isPresent(),
          state.stage().staging().isPresent(),
          state.stage().deploy().map(d -> d.strategy()).orElse(null));
    }
  }

  /** One stage of an artifact's way: its scoring, sign-off and deployment, each null when none. */
  record StageView(
      String environment,
      String state,
      ScoreView scoring,
      SignOffView signOff,
      DeploymentSummary deployment) {
    static StageView of(PipelineService.StagePosition position) {
      return new StageView(
          position.stage().environment().value(),
          state(position),
          position.scoring().map(ScoreView::of).orElse(null),
          position.signOff().map(SignOffView::of).orElse(null),
          position.deployment().map(DeploymentSummary::of).orElse(null));
    }

    /**
     * pending, go, awaiting_signoff, no_go; for a stage that deploys after a go: deploying,
     * deployed, or rolled_back.
     */
    private static String state(PipelineService.StagePosition position) {
      if (position.scoring().isEmpty()) {
        return "pending";
      }
      String outcome = position.scoring().get().scored().outcome().label();
      if (!position.scoring().get().scored().passed() || position.stage().deploy().isEmpty()) {
        return outcome;
      }
      return position
          .deployment()
          .map(
              d ->
                  d.active()
                      ? "deploying"
                      : d.status() == dev.conveyor.core.deploy.DeploymentStatus.SUCCEEDED
                          ? "deployed"
                          : "rolled_back")
          .orElse("deploying");
    }
  }

  record SignOffView(String approver, String reason) {
    static SignOffView of(ArtifactSignedOff s) {
      return new SignOffView(s.approver(), s.reason());
    }
  }

  record DeploymentSummary(String id, String strategy, String status, String reason) {
    static DeploymentSummary of(Deployment d) {
      return new DeploymentSummary(d.id().value(), d.strategy(), d.status().label(), d.reason());
    }
  }
}
