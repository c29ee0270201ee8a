package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.fleet.EnvironmentName;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The ordered stages of the pipeline, each with its gate and what it runs, and who may sign off.
 * Read from YAML:
 *
 * <pre>{@code
 * approvers: [carol, dave]     # who may sign off; empty: anyone but the artifact's author
 * environments:
 *   - name: dev
 *     threshold: 80            # the risk score needed to move on, 0-100
 *     warn: 70                 # from here up to the threshold: go only with a sign-off
 *     measures:
 *       review: {weight: 2, vetoBelow: 100}
 *       tests: {weight: 3, vetoBelow: 100}
 *       coverage: {weight: 1, target: 80}
 *       lint:
 *         weight: 1
 *         penalties: {error: 10, warning: 2, info: 0}
 *       simulation: {weight: 1}
 *       happiness: {weight: 0, optional: true}
 *     simulation: {command: [java, -jar, shop.jar, simulate, --target, "{target}"], timeout: 2m}
 *   - name: staging
 *     threshold: 85
 *     measures:
 *       review: {weight: 2, vetoBelow: 100, reviewers: 2}
 *       flows: {weight: 3, vetoBelow: 100}
 *       performance: {weight: 2, tolerance: 0.2}
 *       signoff: {weight: 0}
 *     staging: {instances: 2, replay: requests.jsonl, rate: 50, duration: 10s}
 *   - name: production
 *     threshold: 90
 *     measures: {...}
 *     deploy: {strategy: canary, instances: 3, shares: [0.05, 0.25]}
 * }</pre>
 *
 * <p>Each measure takes {@code weight} (0 to 100, default 1; 0 shows it without counting it),
 * {@code vetoBelow} (a score below which it blocks the gate), {@code optional} (whether it may be
 * missing; default false), and where relevant {@code target} (coverage), {@code penalties} (lint),
 * {@code reviewers} (review) or {@code tolerance} (performance). A later stage recomputes the
 * report measures from the stored evidence and carries the others from the stage that produced
 * them. Without {@code environments}, the pipeline is {@link #DEFAULT}.
 */
public record PipelineSpec(List<Stage> stages, List<String> approvers) {
  /**
   * dev, staging and production, tightening from 80 to 90. In dev a failing test or an unreviewed
   * commit vetoes; staging replays production's requests against the candidate and compares its
   * latency, and any differing flow vetoes; production deploys by canary.
   */
  public static final PipelineSpec DEFAULT =
      new PipelineSpec(
          List.of(
              Stage.of(new Gate(EnvironmentName.DEV, 80, OptionalDouble.of(70), devMeasures())),
              Stage.of(
                      new Gate(EnvironmentName.STAGING, 85, OptionalDouble.of(75), laterMeasures()))
                  .withStaging(StagingSpec.DEFAULT),
              Stage.of(
                      new Gate(
                          EnvironmentName.PRODUCTION, 90, OptionalDouble.of(80), laterMeasures()))
                  .withDeploy(DeploySpec.DEFAULT)),
          List.of());

  public PipelineSpec {
    stages = List.copyOf(Preconditions.present(stages, "a pipeline's stages"));
    Preconditions.check(
        !stages.isEmpty(), "a pipeline needs at least one environment, such as dev");
    Set<EnvironmentName> seen = new HashSet<>();
    for (Stage stage : stages) {
      Preconditions.check(
          seen.add(stage.environment()),
          "the pipeline lists environment '%s' twice",
          stage.environment());
    }
    approvers = List.copyOf(Preconditions.present(approvers, "a pipeline's approvers"));
  }

  private static List<MeasureSpec> devMeasures() {
    return List.of(
        MeasureSpec.of(MeasureKind.REVIEW, 2).vetoBelow(100),
        MeasureSpec.of(MeasureKind.TESTS, 3).vetoBelow(100),
        MeasureSpec.of(MeasureKind.COVERAGE, 1),
        MeasureSpec.of(MeasureKind.LINT, 1),
        MeasureSpec.of(MeasureKind.SIMULATION, 1).asOptional(),
        MeasureSpec.of(MeasureKind.HAPPINESS, 0).asOptional());
  }

  private static List<MeasureSpec> laterMeasures() {
    return List.of(
        MeasureSpec.of(MeasureKind.REVIEW, 2).vetoBelow(100),
        MeasureSpec.of(MeasureKind.TESTS, 3).vetoBelow(100),
        MeasureSpec.of(MeasureKind.COVERAGE, 1),
        MeasureSpec.of(MeasureKind.LINT, 1),
        MeasureSpec.of(MeasureKind.SIMULATION, 1).asOptional(),
        MeasureSpec.of(MeasureKind.FLOWS, 3).vetoBelow(100),
        MeasureSpec.of(MeasureKind.PERFORMANCE, 2).asOptional());
  }

  /** A pipeline of gates that only score, which anyone but the author may sign off. */
  public static PipelineSpec ofGates(List<Gate> gates) {
    return new PipelineSpec(gates.stream().map(Stage::of).toList(), List.of());
  }

  /**
   * Reads a pipeline block (its keys are {@code approvers} and {@code environments}) strictly:
   * every error is a {@link dev.conveyor.core.config.ConfigException} naming the file, the line and
   * the key. The caller calls {@link ConfigReader#done()} on the root.
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

  /** The gates, in pipeline order. */
  public List<Gate> gates() {
    return stages.stream().map(Stage::gate).toList();
  }

  /** The environments, in pipeline order. */
  public List<EnvironmentName> environments() {
    return stages.stream().map(Stage::environment).toList();
  }

  /** The stage of {@code environment}, if the pipeline has it. */
  public Optional<Stage> stage(EnvironmentName environment) {
    return stages.stream().filter(stage -> stage.environment().equals(environment)).findFirst();
  }

  /** The gate of {@code environment}, if the pipeline has it. */
  public Optional<Gate> gate(EnvironmentName environment) {
    return stage(environment).map(Stage::gate);
  }

  /** The environment after {@code environment}, if there is one. */
  public Optional<EnvironmentName> next(EnvironmentName environment) {
    List<EnvironmentName> order = environments();
    int at = order.indexOf(environment);
    return at >= 0 && at + 1 < order.size() ? Optional.of(order.get(at + 1)) : Optional.empty();
  }

  /** The first environment: where submissions are scored. */
  public EnvironmentName first() {
    return stages.get(0).environment();
  }

  /** Whether {@code name} may sign off: anyone when no approvers are named. */
  public boolean mayApprove(String name) {
    return approvers.isEmpty() || approvers.contains(name);
  }
}
