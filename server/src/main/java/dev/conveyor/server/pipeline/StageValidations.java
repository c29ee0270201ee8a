package dev.conveyor.server.pipeline;

import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.MeasureKind;
import dev.conveyor.core.score.Stage;
import java.util.Map;

/**
 * What a stage measures by running the candidate: the simulation with standard test data, and in
 * staging the replay of recorded requests and the latency comparison against the production
 * artifact. Each run is slow (instances start, traffic flows), so it happens before the scoring is
 * recorded, never inside it.
 */
@FunctionalInterface
public interface StageValidations {
  /** Runs nothing: for pipelines whose stages only score reports. */
  StageValidations NONE = (stage, artifact) -> Map.of();

  /**
   * Runs what {@code stage} configures against {@code artifact} and returns the measures it
   * produced, scored under the stage's gate specs.
   */
  Map<MeasureKind, Measure> run(Stage stage, RegisteredArtifact artifact);
}
