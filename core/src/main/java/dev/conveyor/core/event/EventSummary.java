package dev.conveyor.core.event;

import dev.conveyor.core.Sizes;
import dev.conveyor.core.artifact.Provenance;
import dev.conveyor.core.score.Numbers;
import dev.conveyor.core.score.ReviewVerdict;

/** One line of plain words for an event, as the history shows it to a person. */
public final class EventSummary {
  private EventSummary() {}

  public static String of(Event event) {
    return switch (event) {
      case ArtifactRegistered e ->
          "artifact "
              + e.service()
              + " "
              + e.version()
              + " registered ("
              + e.artifact().shortForm()
              + ", "
              + Sizes.human(e.size())
              + provenance(e.provenance())
              + ")";
      case ArtifactScored e ->
          "artifact "
              + e.artifact().shortForm()
              + " of "
              + e.service()
              + " scored "
              + Numbers.number(e.score())
              + " for "
              + e.environment()
              + ": gate "
              + switch (e.outcome()) {
                case GO -> "passed";
                case AWAITING_SIGNOFF -> "waits for a sign-off";
                case NO_GO -> "failed";
              }
              + " at threshold "
              + Numbers.number(e.threshold());
      case ArtifactSignedOff e ->
          "artifact "
              + e.artifact().shortForm()
              + " of "
              + e.service()
              + " signed off for "
              + e.environment()
              + " by "
              + e.approver()
              + ": "
              + e.reason();
      case BudgetAlerted e ->
          e.resolved()
              ? "budget alert of "
                  + e.service()
                  + "/"
                  + e.objective()
                  + " resolved (was "
                  + e.previous().label()
                  + "): "
                  + e.reason()
              : "budget alert of "
                  + e.service()
                  + "/"
                  + e.objective()
                  + ": "
                  + e.level().label()
                  + " (was "
                  + e.previous().label()
                  + "): "
                  + e.reason();
      case ThresholdAdjusted e ->
          e.delta() == 0
              ? "the "
                  + e.environment()
                  + " threshold restored to its configured value: "
                  + e.reason()
              : "the "
                  + e.environment()
                  + " threshold "
                  + (e.delta() > 0 ? "tightened" : "eased")
                  + " by "
                  + Numbers.number(Math.abs(e.delta()))
                  + " points: "
                  + e.reason();
      case ArtifactReviewed e ->
          "artifact "
              + e.artifact().shortForm()
              + " of "
              + e.service()
              + (e.verdict() == ReviewVerdict.APPROVED
                  ? " approved by "
                  : " sent back for changes by ")
              + e.reviewer()
              + (e.comment() == null || e.comment().isBlank() ? "" : ": " + e.comment());
      case SurveyRecorded e ->
          "survey of " + e.service() + " for " + e.week() + ": " + e.score().evidence();
      case FleetExposed e -> "fleet " + e.fleet() + " served by the router on port " + e.port();
      case InstanceLaunched e ->
          "instance "
              + e.instance()
              + " launched in "
              + e.fleet()
              + " from artifact "
              + e.artifact().shortForm();
      case InstanceStarted e ->
          "instance " + e.instance() + " started at " + e.endpoint() + " (" + e.runtime() + ")";
      case InstanceChanged e ->
          "instance "
              + e.instance()
              + " "
              + (e.from() == e.to()
                  ? "weight changed to " + e.weight()
                  : e.from()
                      + " → "
                      + e.to()
                      + (e.weight() > 0 ? " with weight " + e.weight() : ""))
              + (e.reason().isEmpty() ? "" : ": " + e.reason());
      case DeploymentStarted e ->
          (e.kind() == dev.conveyor.core.deploy.DeploymentKind.ROLLBACK
                  ? "rollback " + e.deployment() + " of " + e.rollbackOf()
                  : "deployment " + e.deployment())
              + " started: "
              + e.strategy()
              + " of artifact "
              + e.artifact().shortForm()
              + " into "
              + e.fleet()
              + ", "
              + e.steps()
              + " steps";
      case StepStarted e -> e.deployment() + " step " + e.step() + ": " + e.description();
      case StepFinished e ->
          e.deployment()
              + " step "
              + e.step()
              + " "
              + e.outcome().label()
              + (e.detail().isEmpty() ? "" : ": " + e.detail());
      case DeploymentPaused e -> e.deployment() + " paused: " + e.reason();
      case DeploymentResumed e -> e.deployment() + " resumed: " + e.reason();
      case DeploymentApproved e ->
          e.deployment() + " step " + e.step() + " approved: " + e.reason();
      case DeploymentFinished e -> e.deployment() + " " + e.result().label() + ": " + e.reason();
    };
  }

  private static String provenance(Provenance p) {
    StringBuilder out = new StringBuilder();
    if (p.commit() != null) {
      out.append(", commit ").append(p.commit());
    }
    if (p.author() != null) {
      out.append(" by ").append(p.author());
    }
    return out.toString();
  }
}
