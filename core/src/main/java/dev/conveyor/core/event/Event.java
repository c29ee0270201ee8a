package dev.conveyor.core.event;

import dev.conveyor.core.fleet.ServiceName;

/**
 * A fact in the history. Every change to the system is one of these, recorded in a {@link
 * RecordedEvent} that gives it a sequence number, time, actor, cause and place in the hash chain.
 *
 * <p>The invariant of Conveyor, kept by these types: a change to a fleet names exactly one
 * instance. There is no event that changes several instances at once.
 */
public sealed interface Event
    permits ArtifactRegistered,
        ArtifactScored,
        ArtifactReviewed,
        SurveyRecorded,
        ArtifactSignedOff,
        ThresholdAdjusted,
        BudgetAlerted,
        FleetExposed,
        InstanceLaunched,
        InstanceStarted,
        InstanceChanged,
        DeploymentStarted,
        StepStarted,
        StepFinished,
        DeploymentPaused,
        DeploymentResumed,
        DeploymentApproved,
        DeploymentFinished {

  /** The service this event concerns; the history can be read per service. */
  ServiceName service();

  /** The stable name of this event's type in the encoded history, e.g. {@code instance_changed}. */
  default String type() {
    return switch (this) {
      case ArtifactRegistered e -> "artifact_registered";
      case ArtifactScored e -> "artifact_scored";
      case ArtifactReviewed e -> "artifact_reviewed";
      case SurveyRecorded e -> "survey_recorded";
      case ArtifactSignedOff e -> "artifact_signed_off";
      case ThresholdAdjusted e -> "threshold_adjusted";
      case BudgetAlerted e -> "budget_alerted";
      case FleetExposed e -> "fleet_exposed";
      case InstanceLaunched e -> "instance_launched";
      case InstanceStarted e -> "instance_started";
      case InstanceChanged e -> "instance_changed";
      case DeploymentStarted e -> "deployment_started";
      case StepStarted e -> "step_started";
      case StepFinished e -> "step_finished";
      case DeploymentPaused e -> "deployment_paused";
      case DeploymentResumed e -> "deployment_resumed";
      case DeploymentApproved e -> "deployment_approved";
      case DeploymentFinished e -> "deployment_finished";
    };
  }
}
