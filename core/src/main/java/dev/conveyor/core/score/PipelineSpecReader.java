package dev.conveyor.core.score;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.config.ConfigException;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.config.Snippet;
import dev.conveyor.core.config.YamlMapping;
import dev.conveyor.core.fleet.EnvironmentName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
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
    pipeline.allowOnly("environments");
    if (pipeline.optionalNode("environments").isEmpty()) {
      return PipelineSpec.DEFAULT;
    }
    List<ConfigReader> environments = pipeline.children("environments");
    if (environments.isEmpty()) {
      throw pipeline.error(
          pipeline.lineOf("environments"),
          "'"
              + pipeline.path("environments")
              + "' must list at least one environment, such as dev");
    }
    List<Gate> gates = new ArrayList<>();
    Map<EnvironmentName, String> seen = new HashMap<>();
    for (ConfigReader environment : environments) {
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
      gates.add(gate);
    }
    return new PipelineSpec(gates);
  }

  private static Gate gate(ConfigReader environment) {
    environment.allowOnly("name", "threshold", "measures");
    EnvironmentName name = environment.string("name", EnvironmentName::of);
    double threshold =
        required(
            environment, "threshold", t -> t >= 0 && t <= 100, "a score from 0 to 100, such as 80");
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
      return new Gate(name, threshold, specs);
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
    try {
      return new MeasureSpec(kind, weight, floor, optional, target, penalties);
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
