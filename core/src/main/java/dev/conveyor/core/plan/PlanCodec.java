package dev.conveyor.core.plan;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.json.Json;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonObject;
import dev.conveyor.core.verify.VerificationSpecCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans as canonical JSON (what a {@code deployment_started} event holds) and back. The shape
 * follows the YAML a person writes ({@link PlanYaml}): each step an object with one action key.
 */
public final class PlanCodec {
  private PlanCodec() {}

  public static String encode(Plan plan) {
    List<JsonValue> steps = new ArrayList<>();
    for (Step step : plan.steps()) {
      steps.add(step(step));
    }
    return Json.write(
        JsonValue.object()
            .put("fleet", plan.fleet().toString())
            .put("artifact", plan.artifact().value())
            .put("strategy", plan.strategy())
            .put("steps", JsonValue.array(steps))
            .build());
  }

  private static JsonValue step(Step step) {
    return switch (step) {
      case Step.Launch l ->
          JsonValue.object()
              .put("launch", l.slot().name())
              .put("artifact", l.artifact().value())
              .build();
      case Step.Change c -> {
        JsonValue.ObjectBuilder out =
            JsonValue.object().put(c.action().label(), c.target().toString());
        if (c.action() == Step.Action.ACTIVATE) {
          out.put("weight", c.weight());
        }
        yield out.build();
      }
      case Step.Verify v ->
          JsonValue.object()
              .put("verify", refs(v.candidates()))
              .put("against", refs(v.baseline()))
              .put("mode", v.shadow() ? "shadow" : "live")
              .put("spec", VerificationSpecCodec.toJson(v.spec()))
              .build();
      case Step.Bake b -> JsonValue.object().put("bake", Durations.human(b.duration())).build();
      case Step.Approve a ->
          JsonValue.object()
              .put("approve", JsonValue.array(a.approvers().stream().map(JsonValue::of).toList()))
              .put("timeout", Durations.human(a.timeout()))
              .build();
    };
  }

  private static JsonValue refs(List<InstanceRef> refs) {
    return JsonValue.array(refs.stream().map(r -> JsonValue.of(r.toString())).toList());
  }

  public static Plan decode(String json) {
    JsonObject root = Json.parseObject(json);
    List<Step> steps = new ArrayList<>();
    for (JsonValue value : root.array("steps")) {
      steps.add(step((JsonObject) value));
    }
    return new Plan(
        fleet(root.string("fleet")),
        ArtifactId.of(root.string("artifact")),
        root.string("strategy"),
        steps);
  }

  static FleetKey fleet(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new InvalidInputException(
          "fleet '" + text + "' is not <service>/<environment>, e.g. shop/production");
    }
    return FleetKey.of(text.substring(0, slash), text.substring(slash + 1));
  }

  private static Step step(JsonObject o) {
    if (o.members().containsKey("launch")) {
      return new Step.Launch(
          new InstanceRef.Slot(o.string("launch")), ArtifactId.of(o.string("artifact")));
    }
    for (Step.Action action : Step.Action.values()) {
      if (o.members().containsKey(action.label())) {
        InstanceRef target = InstanceRef.parse(o.string(action.label()));
        return new Step.Change(
            target, action, action == Step.Action.ACTIVATE ? o.intValue("weight") : 0);
      }
    }
    if (o.members().containsKey("verify")) {
      return new Step.Verify(
          refList(o.array("verify")),
          refList(o.array("against")),
          VerificationSpecCodec.fromJson(o.object("spec")),
          o.string("mode").equals("shadow"));
    }
    if (o.members().containsKey("bake")) {
      return new Step.Bake(durationOf(o.string("bake")));
    }
    if (o.members().containsKey("approve")) {
      Set<String> approvers = new TreeSet<>();
      for (JsonValue v : o.array("approve")) {
        approvers.add(v.asString("approve"));
      }
      return new Step.Approve(approvers, durationOf(o.string("timeout")));
    }
    throw new InvalidInputException("unknown plan step " + Json.write(o));
  }

  private static List<InstanceRef> refList(List<JsonValue> values) {
    return values.stream().map(v -> InstanceRef.parse(v.asString("instance"))).toList();
  }

  private static java.time.Duration durationOf(String text) {
    return ConfigReader.parse("d: " + text + "\n", "plan").duration("d");
  }
}
