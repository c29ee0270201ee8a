package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.GateDecision;
import dev.conveyor.core.score.Measure;
import java.util.List;

/**
 * An artifact's measures were scored for one environment and that environment's gate decided: the
 * measures as scored, the aggregate, the threshold the gate used, go or no-go, and the reasons as
 * sentences, so the history can always say why.
 *
 * @param threshold the threshold the score was compared with, after any adjustment
 */
public record ArtifactScored(
    ArtifactId artifact,
    ServiceName service,
    EnvironmentName environment,
    List<Measure> measures,
    double score,
    double threshold,
    boolean passed,
    List<String> reasons)
    implements Event {
  public ArtifactScored {
    Preconditions.present(artifact, "artifact");
    Preconditions.present(service, "service");
    Preconditions.present(environment, "environment");
    measures = List.copyOf(Preconditions.present(measures, "measures"));
    reasons = List.copyOf(Preconditions.present(reasons, "reasons"));
  }

  /** The event recording {@code decision} on {@code measures} for {@code artifact}. */
  public static ArtifactScored of(
      ArtifactId artifact, ServiceName service, List<Measure> measures, GateDecision decision) {
    return new ArtifactScored(
        artifact,
        service,
        decision.environment(),
        measures,
        decision.score(),
        decision.threshold(),
        decision.passed(),
        decision.reasons());
  }
}
