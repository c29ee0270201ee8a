package dev.conveyor.core.plan;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.config.ConfigException;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.verify.VerificationSpec;
import dev.conveyor.core.verify.VerificationSpecCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Plans as YAML, the form people read, diff and write by hand:
 *
 * <pre>
 * fleet: shop/production
 * artifact: sha256:…
 * strategy: manual            # optional
 * steps:
 *   - launch: new-1           # artifact: optional, the plan's by default
 *   - activate: new-1
 *     weight: 101
 *   - verify: [new-1]
 *     against: [shop-6f0c…, shop-a91e…]
 *     mode: live              # or shadow: compare mirrored answers
 *     spec: {minDuration: 30s, maxDuration: 5m}   # optional
 *   - bake: 1m
 *   - approve: [release-manager]
 *     timeout: 1h
 *   - deactivate: shop-6f0c…  # also: standby, shadow
 * </pre>
 */
public final class PlanYaml {
  private static final List<String> ACTIONS =
      List.of("launch", "activate", "standby", "shadow", "deactivate", "verify", "bake", "approve");

  private PlanYaml() {}

  /**
   * Reads a plan; every error names the file, the line and the key.
   *
   * @throws ConfigException on any malformed or inconsistent step
   */
  public static Plan read(String text, String fileName) {
    ConfigReader root = ConfigReader.parse(text, fileName);
    root.allowOnly("fleet", "artifact", "strategy", "steps");
    var fleet = root.string("fleet", PlanCodec::fleet);
    ArtifactId artifact = root.string("artifact", ArtifactId::of);
    String strategy = root.optionalString("strategy").orElse("manual");
    List<Step> steps = new ArrayList<>();
    for (ConfigReader step : root.children("steps")) {
      steps.add(step(step, artifact));
      try {
        // Checked as each step is added, so that an error points at the step that causes it.
        new Plan(fleet, artifact, strategy, steps);
      } catch (InvalidInputException e) {
        throw step.error(step.line(), e.getMessage());
      }
    }
    if (steps.isEmpty()) {
      throw root.error(root.lineOf("steps"), "a plan needs at least one step");
    }
    return new Plan(fleet, artifact, strategy, steps);
  }

  private static Step step(ConfigReader r, ArtifactId planArtifact) {
    String action = null;
    for (String candidate : ACTIONS) {
      if (r.optionalNode(candidate).isPresent()) {
        if (action != null) {
          throw r.error(
              r.line(),
              "a step has one action, but this one has both '"
                  + action
                  + "' and '"
                  + candidate
                  + "'");
        }
        action = candidate;
      }
    }
    if (action == null) {
      throw r.error(r.line(), "a step needs one of " + String.join(", ", ACTIONS));
    }
    switch (action) {
      case "launch" -> {
        r.allowOnly("launch", "artifact");
        return new Step.Launch(
            r.string("launch", InstanceRef.Slot::new),
            r.optionalString("artifact", ArtifactId::of).orElse(planArtifact));
      }
      case "activate" -> {
        r.allowOnly("activate", "weight");
        return Step.Change.activate(r.string("activate", InstanceRef::parse), r.integer("weight"));
      }
      case "standby", "shadow", "deactivate" -> {
        r.allowOnly(action);
        InstanceRef target = r.string(action, InstanceRef::parse);
        return new Step.Change(
            target, Step.Action.valueOf(action.toUpperCase(java.util.Locale.ROOT)), 0);
      }
      case "verify" -> {
        r.allowOnly("verify", "against", "mode", "spec");
        List<InstanceRef> candidates = refs(r, "verify");
        List<InstanceRef> baseline =
            r.optionalStringList("against").map(l -> parseAll(r, "against", l)).orElse(List.of());
        VerificationSpec spec =
            r.optionalChild("spec")
                .map(VerificationSpecCodec::read)
                .orElse(VerificationSpec.DEFAULT);
        String mode = r.optionalString("mode").orElse("live");
        if (!mode.equals("live") && !mode.equals("shadow")) {
          throw r.error(
              r.lineOf("mode"),
              "'" + r.path("mode") + "' must be live or shadow, got '" + mode + "'");
        }
        return new Step.Verify(candidates, baseline, spec, mode.equals("shadow"));
      }
      case "bake" -> {
        r.allowOnly("bake");
        return new Step.Bake(r.duration("bake"));
      }
      default -> {
        r.allowOnly("approve", "timeout");
        Set<String> approvers = new TreeSet<>(r.stringList("approve"));
        return new Step.Approve(approvers, r.duration("timeout"));
      }
    }
  }

  private static List<InstanceRef> refs(ConfigReader r, String key) {
    return parseAll(r, key, r.stringList(key));
  }

  private static List<InstanceRef> parseAll(ConfigReader r, String key, List<String> texts) {
    Function<String, InstanceRef> parse = InstanceRef::parse;
    List<InstanceRef> refs = new ArrayList<>();
    for (String text : texts) {
      try {
        refs.add(parse.apply(text));
      } catch (InvalidInputException e) {
        throw r.error(r.lineOf(key), "'" + r.path(key) + "': " + e.getMessage());
      }
    }
    return refs;
  }

  /** The plan as YAML that {@link #read} reads back to an equal plan. */
  public static String write(Plan plan) {
    StringBuilder out = new StringBuilder();
    out.append("fleet: ").append(plan.fleet()).append('\n');
    out.append("artifact: ").append(plan.artifact()).append('\n');
    out.append("strategy: ").append(plan.strategy()).append('\n');
    out.append("steps:\n");
    for (Step step : plan.steps()) {
      switch (step) {
        case Step.Launch l -> {
          out.append("  - launch: ").append(l.slot()).append('\n');
          if (!l.artifact().equals(plan.artifact())) {
            out.append("    artifact: ").append(l.artifact()).append('\n');
          }
        }
        case Step.Change c -> {
          out.append("  - ")
              .append(c.action().label())
              .append(": ")
              .append(c.target())
              .append('\n');
          if (c.action() == Step.Action.ACTIVATE) {
            out.append("    weight: ").append(c.weight()).append('\n');
          }
        }
        case Step.Verify v -> {
          out.append("  - verify: ").append(list(v.candidates())).append('\n');
          out.append("    against: ").append(list(v.baseline())).append('\n');
          if (v.shadow()) {
            out.append("    mode: shadow\n");
          }
          out.append("    spec:\n").append(VerificationSpecCodec.toYaml(v.spec(), "      "));
        }
        case Step.Bake b ->
            out.append("  - bake: ").append(Durations.human(b.duration())).append('\n');
        case Step.Approve a -> {
          out.append("  - approve: [").append(String.join(", ", a.approvers())).append("]\n");
          out.append("    timeout: ").append(Durations.human(a.timeout())).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static String list(List<InstanceRef> refs) {
    return "[" + String.join(", ", refs.stream().map(Object::toString).toList()) + "]";
  }
}
