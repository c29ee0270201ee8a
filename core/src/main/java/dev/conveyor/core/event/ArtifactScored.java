package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.GateDecision;
import dev.conveyor.core.score.GateOutcome;
import dev.conveyor.core.score.Measure;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An artifact's measures were scored for one environment and that environment's gate decided: the
 * measures as scored, the aggregate, the threshold the gate used, go or no-go, and the reasons as
 * sentences, so the history can always say why.
 *
 * @param threshold the threshold the score was compared with, after any adjustment
 * @param evidence the report files the measures were read from, by name, as the SHA-256 digests
 *     under which the evidence store keeps them; later stages recompute from these
 */
public record ArtifactScored(
    ArtifactId artifact,
    ServiceName service,
    EnvironmentName environment,
    List<Measure> measures,
    double score,
    double threshold,
    GateOutcome outcome,
    List<String> reasons,
    Map<String, String> evidence)
    implements Event {
  public ArtifactScored {
    Preconditions.present(artifact, "artifact");
    Preconditions.present(service, "service");
    Preconditions.present(environment, "environment");
    measures = List.copyOf(Preconditions.present(measures, "measures"));
    Preconditions.present(outcome, "outcome");
    reasons = List.copyOf(Preconditions.present(reasons, "reasons"));
    evidence = java.util.Collections.unmodifiableMap(new TreeMap<>(evidence));
  }

  /** Whether the artifact goes on from this environment. */
  public boolean passed() {
    return outcome == GateOutcome.GO;
  }

  /** The event recording {@code decision} on {@code measures} for {@code artifact}. */
  public static ArtifactScored of(
      ArtifactId artifact,
      ServiceName service,
      List<Measure> measures,
      GateDecision decision,
      Map<String, String> evidence) {
    return new ArtifactScored(
        artifact,
        service,
        decision.environment(),
        measures,
        decision.score(),
        decision.threshold(),
        decision.outcome(),
        decision.reasons(),
        evidence);
  }
}
