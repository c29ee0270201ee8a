package dev.conveyor.core.score;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.config.ConfigException;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.config.Snippet;
import dev.conveyor.core.config.YamlMapping;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.plan.BaselineChoice;
import dev.conveyor.core.plan.Strategy;
import dev.conveyor.core.plan.StrategyOptions;
import dev.conveyor.core.verify.VerificationSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.DoublePredicate;

/** Reads a pipeline block strictly into a {@link PipelineSpec}; see there for the keys. */
final class PipelineSpecReader {
  private static final String[] MEASURE_KEYS = {"weight", "vetoBelow", "optional"};
  private static final String WEIGHT_RULE =
      "a weight from 0 (shown, not counted) to 100, such as 1";
  private static final String VETO_RULE =
      "a score above 0 and at most 100, below which the measure blocks the gate, such as 100";
  private static final String TARGET_RULE =
      "a line-coverage percentage above 0 and at most 100, such as 80";

  private PipelineSpecReader() {}

  static PipelineSpec read(ConfigReader pipeline) {
    pipeline.allowOnly("approvers", "environments");
    List<String> approvers = pipeline.optionalStringList("approvers").orElse(List.of());
    if (pipeline.optionalNode("environments").isEmpty()) {
      return new PipelineSpec(PipelineSpec.DEFAULT.stages(), approvers);
    }
    List<ConfigReader> environments = pipeline.children("environments");
    if (environments.isEmpty()) {
      throw pipeline.error(
          pipeline.lineOf("environments"),
          "'"
              + pipeline.path("environments")
              + "' must list at least one environment, such as dev");
    }
    List<Stage> stages = new ArrayList<>();
    Map<EnvironmentName, String> seen = new HashMap<>();
    for (ConfigReader environment : environments) {
      environment.allowOnly(
          "name", "threshold", "warn", "measures", "simulation", "staging", "deploy");
      Gate gate = gate(environment);
      String earlier = seen.putIfAbsent(gate.environment(), environment.path());
      if (earlier != null) {
        throw environment.error(
            environment.lineOf("name"),
            "'"
                + environment.path("name")
                + "' repeats environment "
                + Snippet.quoted(gate.environment().value())
                + " of '"
                + earlier
                + "'; each environment appears once");
      }
      stages.add(
          new Stage(
              gate,
              environment.optionalChild("simulation").map(PipelineSpecReader::simulation),
              environment.optionalChild("staging").map(PipelineSpecReader::staging),
              environment.optionalChild("deploy").map(PipelineSpecReader::deploy)));
    }
    return new PipelineSpec(stages, approvers);
  }

  private static SimulationSpec simulation(ConfigReader simulation) {
    simulation.allowOnly("command", "timeout");
    List<String> command = simulation.stringList("command");
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw simulation.invalid(
          "command", "a program and its arguments, such as [java, -jar, shop.jar, simulate]");
    }
    Duration timeout =
        simulation.optionalDuration("timeout").orElse(SimulationSpec.DEFAULT_TIMEOUT);
    if (!timeout.isPositive()) {
      throw simulation.invalid("timeout", "a positive duration, such as 2m");
    }
    return new SimulationSpec(command, timeout);
  }

  private static StagingSpec staging(ConfigReader staging) {
    staging.allowOnly("instances", "replay", "rate", "duration");
    StagingSpec d = StagingSpec.DEFAULT;
    int instances = staging.integer("instances", d.instances());
    if (instances < 1 || instances > 10) {
      throw staging.invalid("instances", "1 to 10 instances of each artifact");
    }
    double rate =
        optional(
                staging,
                "rate",
                r -> r > 0 && r <= 10_000,
                "requests per second above 0 and" + " at most 10000, such as 50")
            .orElse(d.rate());
    Duration duration = staging.optionalDuration("duration").orElse(d.duration());
    if (!duration.isPositive() || duration.compareTo(Duration.ofMinutes(10)) > 0) {
      throw staging.invalid("duration", "a duration above 0 and at most 10m, such as 10s");
    }
    return new StagingSpec(instances, staging.optionalString("replay"), rate, duration);
  }

  private static DeploySpec deploy(ConfigReader deploy) {
    deploy.allowOnly("strategy", "instances", "shares", "bake", "baseline", "verify");
    StrategyOptions options = StrategyOptions.defaults();
    String strategy = deploy.optionalString("strategy").orElse("canary");
    try {
      Strategy.named(strategy);
      OptionalInt instances = deploy.optionalInteger("instances");
      if (instances.isPresent()) {
        options = options.withInitialInstances(instances.getAsInt());
      }
      Optional<List<String>> shares = deploy.optionalStringList("shares");
      if (shares.isPresent()) {
        List<Double> values = new ArrayList<>();
        for (String share : shares.get()) {
          values.add(share(deploy, share));
        }
        options = options.withCanaryShares(values);
      }
      Optional<Duration> bake = deploy.optionalDuration("bake");
      if (bake.isPresent()) {
        options = options.withBake(bake.get());
      }
      Optional<String> baseline = deploy.optionalString("baseline");
      if (baseline.isPresent()) {
        options = options.withBaseline(BaselineChoice.parse(baseline.get()));
      }
      Optional<ConfigReader> verify = deploy.optionalChild("verify");
      if (verify.isPresent()) {
        options = options.withVerify(VerificationSpec.read(verify.get()));
      }
      return new DeploySpec(strategy, options);
    } catch (ConfigException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw new ConfigException(deploy.fileName(), deploy.line(), e.getMessage(), e);
    }
  }

  /** A canary share written as a fraction (0.05) or a percentage (5%). */
  private static double share(ConfigReader deploy, String text) {
    try {
      String t = text.strip();
      return t.endsWith("%")
          ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100
          : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw deploy.invalid("shares", "a list of traffic shares such as [5%, 25%] or [0.05, 0.25]");
    }
  }

  private static Gate gate(ConfigReader environment) {
    EnvironmentName name = environment.string("name", EnvironmentName::of);
    double threshold =
        required(
            environment, "threshold", t -> t >= 0 && t <= 100, "a score from 0 to 100, such as 80");
    OptionalDouble warn =
        optional(
            environment,
            "warn",
            w -> w >= 0 && w <= threshold,
            "a score from 0 up to the threshold of "
                + Numbers.number(threshold)
                + ", below which the gate says no-go; such as 70");
    ConfigReader measures = environment.child("measures");
    measures.allowOnly(MeasureKind.labels().toArray(String[]::new));
    YamlMapping mapping = (YamlMapping) environment.node("measures");
    if (mapping.entries().isEmpty()) {
      throw environment.error(
          environment.lineOf("measures"),
          "'"
              + environment.path("measures")
              + "' must name at least one measure (allowed: "
              + String.join(", ", MeasureKind.labels())
              + ")");
    }
    List<MeasureSpec> specs = new ArrayList<>();
    for (YamlMapping.Entry entry : mapping.entries()) {
      MeasureKind kind = MeasureKind.byLabel(entry.key().value()).orElseThrow();
      specs.add(measure(measures, kind));
    }
    if (specs.stream().allMatch(spec -> spec.weight() == 0)) {
      throw environment.error(
          environment.lineOf("measures"),
          "'"
              + environment.path("measures")
              + "' gives every measure weight 0, so the gate could never pass; give at least one"
              + " a weight above 0");
    }
    try {
      return new Gate(name, threshold, warn, specs);
    } catch (InvalidInputException e) {
      // The checks above leave the record nothing to refuse; if it does, still say where.
      throw new ConfigException(environment.fileName(), environment.line(), e.getMessage(), e);
    }
  }

  private static MeasureSpec measure(ConfigReader measures, MeasureKind kind) {
    Optional<ConfigReader> block = measures.optionalChild(kind.label());
    if (block.isEmpty()) {
      // "tests:" with nothing after it: every setting at its default.
      return MeasureSpec.of(kind, 1);
    }
    ConfigReader spec = block.get();
    List<String> keys = new ArrayList<>(List.of(MEASURE_KEYS));
    if (kind == MeasureKind.COVERAGE) {
      keys.add("target");
    }
    if (kind == MeasureKind.LINT) {
      keys.add("penalties");
    }
    if (kind == MeasureKind.REVIEW) {
      keys.add("reviewers");
    }
    if (kind == MeasureKind.PERFORMANCE) {
      keys.add("tolerance");
    }
    spec.allowOnly(keys.toArray(String[]::new));
    double weight = optional(spec, "weight", w -> w >= 0 && w <= 100, WEIGHT_RULE).orElse(1);
    OptionalDouble floor = optional(spec, "vetoBelow", f -> f > 0 && f <= 100, VETO_RULE);
    boolean optional = spec.bool("optional", false);
    OptionalDouble target =
        kind == MeasureKind.COVERAGE
            ? optional(spec, "target", t -> t > 0 && t <= 100, TARGET_RULE)
            : OptionalDouble.empty();
    Optional<LintPenalties> penalties =
        kind == MeasureKind.LINT
            ? spec.optionalChild("penalties").map(PipelineSpecReader::penalties)
            : Optional.empty();
    int reviewers = kind == MeasureKind.REVIEW ? spec.integer("reviewers", 1) : 1;
    if (reviewers < 1 || reviewers > 10) {
      throw spec.invalid("reviewers", "1 to 10 independent reviewers, such as 2");
    }
    double tolerance =
        kind == MeasureKind.PERFORMANCE
            ? optional(
                    spec,
                    "tolerance",
                    t -> t >= 0 && t <= 10,
                    "a fraction from 0 to 10 by which the candidate's p99 may exceed production's,"
                        + " such as 0.2")
                .orElse(MeasureSpec.DEFAULT_TOLERANCE)
            : MeasureSpec.DEFAULT_TOLERANCE;
    try {
      return new MeasureSpec(
          kind, weight, floor, optional, target, penalties, reviewers, tolerance);
    } catch (InvalidInputException e) {
      throw new ConfigException(spec.fileName(), spec.line(), e.getMessage(), e);
    }
  }

  private static LintPenalties penalties(ConfigReader penalties) {
    penalties.allowOnly("error", "warning", "info");
    String rule = "a penalty of 0 or more points per finding, such as 2";
    DoublePredicate ok = p -> p >= 0;
    LintPenalties defaults = LintPenalties.DEFAULT;
    return new LintPenalties(
        optional(penalties, "error", ok, rule).orElse(defaults.error()),
        optional(penalties, "warning", ok, rule).orElse(defaults.warning()),
        optional(penalties, "info", ok, rule).orElse(defaults.info()));
  }

  /** The number at {@code key}, which must be present and follow {@code rule}. */
  private static double required(ConfigReader reader, String key, DoublePredicate ok, String rule) {
    return check(reader, key, reader.number(key), ok, rule);
  }

  /** The number at {@code key} if present, which must follow {@code rule}. */
  private static OptionalDouble optional(
      ConfigReader reader, String key, DoublePredicate ok, String rule) {
    OptionalDouble value = reader.optionalNumber(key);
    return value.isEmpty()
        ? value
        : OptionalDouble.of(check(reader, key, value.getAsDouble(), ok, rule));
  }

  /** {@code '<path>' must be <rule>, got '<the value as written>'}, at the value's line. */
  private static double check(
      ConfigReader reader, String key, double value, DoublePredicate ok, String rule) {
    if (!ok.test(value)) {
      throw reader.invalid(key, rule);
    }
    return value;
  }
}
