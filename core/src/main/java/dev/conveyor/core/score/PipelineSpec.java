package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.fleet.EnvironmentName;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered stages of a service's pipeline, each with its gate. Read from YAML:
 *
 * <pre>{@code
 * environments:
 *   - name: dev
 *     threshold: 80            # the risk score needed to move on, 0-100
 *     measures:
 *       review: {weight: 2, vetoBelow: 100}
 *       tests: {weight: 3, vetoBelow: 100}
 *       coverage: {weight: 1, target: 80}
 *       lint:
 *         weight: 1
 *         penalties: {error: 10, warning: 2, info: 0}
 *       happiness: {weight: 0, optional: true}
 *   - name: staging
 *     ...
 * }</pre>
 *
 * <p>Each measure takes {@code weight} (0 to 100, default 1; 0 shows it without counting it),
 * {@code vetoBelow} (a score below which it blocks the gate), {@code optional} (whether it may be
 * missing; default false), and where relevant {@code target} (coverage) or {@code penalties}
 * (lint). Without {@code environments}, the pipeline is {@link #DEFAULT}.
 */
public record PipelineSpec(List<Gate> gates) {
  /**
   * dev, staging and production, tightening from 80 to 90, over the dev measures: a failing test or
   * an unreviewed commit vetoes. Staging and production recompute the dev measures from the stored
   * evidence; their own measures (flows, performance, sign-off) join when they can be produced
   * (TODO issue 5).
   */
  public static final PipelineSpec DEFAULT =
      new PipelineSpec(
          List.of(
              defaultGate(EnvironmentName.DEV, 80),
              defaultGate(EnvironmentName.STAGING, 85),
              defaultGate(EnvironmentName.PRODUCTION, 90)));

  public PipelineSpec {
    gates = List.copyOf(Preconditions.present(gates, "a pipeline's gates"));
    Preconditions.check(!gates.isEmpty(), "a pipeline needs at least one environment, such as dev");
    Set<EnvironmentName> seen = new HashSet<>();
    for (Gate gate : gates) {
      Preconditions.check(
          seen.add(gate.environment()),
          "the pipeline lists environment '%s' twice",
          gate.environment());
    }
  }

  private static Gate defaultGate(EnvironmentName environment, double threshold) {
    return new Gate(
        environment,
        threshold,
        List.of(
            MeasureSpec.of(MeasureKind.REVIEW, 2).vetoBelow(100),
            MeasureSpec.of(MeasureKind.TESTS, 3).vetoBelow(100),
            MeasureSpec.of(MeasureKind.COVERAGE, 1),
            MeasureSpec.of(MeasureKind.LINT, 1),
            MeasureSpec.of(MeasureKind.SIMULATION, 1).asOptional(),
            MeasureSpec.of(MeasureKind.HAPPINESS, 0).asOptional()));
  }

  /**
   * Reads a pipeline block (its one key is {@code environments}) strictly: every error is a {@link
   * dev.conveyor.core.config.ConfigException} naming the file, the line and the key. The caller
   * calls {@link ConfigReader#done()} on the root.
   */
  public static PipelineSpec read(ConfigReader pipeline) {
    return PipelineSpecReader.read(pipeline);
  }

  /** Reads a whole pipeline file. */
  public static PipelineSpec parse(String yaml, String fileName) {
    ConfigReader root = ConfigReader.parse(yaml, fileName);
    PipelineSpec spec = read(root);
    root.done();
    return spec;
  }

  /** The environments, in pipeline order. */
  public List<EnvironmentName> environments() {
    return gates.stream().map(Gate::environment).toList();
  }

  /** The gate of {@code environment}, if the pipeline has it. */
  public Optional<Gate> gate(EnvironmentName environment) {
    return gates.stream().filter(gate -> gate.environment().equals(environment)).findFirst();
  }

  /** The environment after {@code environment}, if there is one. */
  public Optional<EnvironmentName> next(EnvironmentName environment) {
    List<EnvironmentName> order = environments();
    int at = order.indexOf(environment);
    return at >= 0 && at + 1 < order.size() ? Optional.of(order.get(at + 1)) : Optional.empty();
  }
}
