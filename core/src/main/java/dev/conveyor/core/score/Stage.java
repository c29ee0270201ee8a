package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.EnvironmentName;
import java.util.Optional;

/**
 * One environment of the pipeline: its gate, and what the stage runs before the gate decides — the
 * simulation, the staging replay and load — and how it deploys once the gate passes.
 */
public record Stage(
    Gate gate,
    Optional<SimulationSpec> simulation,
    Optional<StagingSpec> staging,
    Optional<DeploySpec> deploy) {
  public Stage {
    Preconditions.present(gate, "a stage's gate");
    Preconditions.present(simulation, "a stage's simulation");
    Preconditions.present(staging, "a stage's staging");
    Preconditions.present(deploy, "a stage's deploy");
  }

  /** A stage that only scores. */
  public static Stage of(Gate gate) {
    return new Stage(gate, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public EnvironmentName environment() {
    return gate.environment();
  }

  public Stage withStaging(StagingSpec spec) {
    return new Stage(gate, simulation, Optional.of(spec), deploy);
  }

  public Stage withDeploy(DeploySpec spec) {
    return new Stage(gate, simulation, staging, Optional.of(spec));
  }

  public Stage withSimulation(SimulationSpec spec) {
    return new Stage(gate, Optional.of(spec), staging, deploy);
  }
}
