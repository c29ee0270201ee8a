package dev.conveyor.core.history;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.Provenance;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.event.EventCodec;
import dev.conveyor.core.event.HashChain;
import dev.conveyor.core.event.Instants;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.json.Json;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Encodes {@link SystemState} for snapshots, and decodes it back exactly. */
public final class StateCodec {
  private StateCodec() {}

  /** A snapshot of {@code state}, with a digest that ties its payload to the chain. */
  public static Snapshot snapshot(SystemState state) {
    String payload = encode(state);
    return new Snapshot(state.seq(), state.hash(), payload, HashChain.hash(state.hash(), payload));
  }

  static String encode(SystemState state) {
    List<JsonValue> artifacts = new ArrayList<>();
    state.artifacts().stream()
        .sorted(Comparator.comparing(RegisteredArtifact::id))
        .forEach(
            a -> {
              JsonValue.ObjectBuilder p = JsonValue.object();
              p.put("commit", a.provenance().commit()).put("author", a.provenance().author());
              p.put(
                  "built",
                  a.provenance().built() == null ? null : a.provenance().built().toString());
              artifacts.add(
                  JsonValue.object()
                      .put("id", a.id().value())
                      .put("service", a.service().value())
                      .put("version", a.version())
                      .put("size", a.size())
                      .put("provenance", p.build())
                      .put("registeredAt", a.registeredAt().toString())
                      .put("seq", a.seq())
                      .build());
            });
    List<JsonValue> instances = new ArrayList<>();
    state.instances().stream()
        .sorted(Comparator.comparing(Instance::id))
        .forEach(
            i ->
                instances.add(
                    JsonValue.object()
                        .put("id", i.id().value())
                        .put("service", i.fleet().service().value())
                        .put("environment", i.fleet().environment().value())
                        .put("artifact", i.artifact().value())
                        .put("state", i.state().label())
                        .put("weight", i.weight())
                        .put("host", i.endpoint() == null ? null : i.endpoint().host())
                        .put(
                            "port", i.endpoint() == null ? null : JsonValue.of(i.endpoint().port()))
                        .put("since", i.since().toString())
                        .put("seq", i.seq())
                        .build()));
    List<JsonValue> exposures = new ArrayList<>();
    state.exposures().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                exposures.add(
                    JsonValue.object()
                        .put("service", e.getKey().service().value())
                        .put("environment", e.getKey().environment().value())
                        .put("port", e.getValue())
                        .build()));
    List<JsonValue> deployments = new ArrayList<>();
    state.deployments().stream()
        .sorted(Comparator.comparing(Deployment::id))
        .forEach(d -> deployments.add(deployment(d)));
    PipelineRecords pipeline = state.pipeline();
    List<JsonValue> scores = new ArrayList<>();
    pipeline.allScores().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            byArtifact ->
                byArtifact
                    .getValue()
                    .values()
                    .forEach(
                        scoring ->
                            scores.add(
                                JsonValue.object()
                                    .put("event", body(scoring.scored()))
                                    .put("time", scoring.time().toString())
                                    .put("seq", scoring.seq())
                                    .build())));
    List<JsonValue> reviews = new ArrayList<>();
    pipeline.allReviews().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(byArtifact -> byArtifact.getValue().forEach(r -> reviews.add(body(r))));
    List<JsonValue> surveys = new ArrayList<>();
    pipeline.allSurveys().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(byService -> byService.getValue().values().forEach(v -> surveys.add(body(v))));
    List<JsonValue> signOffs = new ArrayList<>();
    pipeline.allSignOffs().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(byArtifact -> byArtifact.getValue().values().forEach(v -> signOffs.add(body(v))));
    List<JsonValue> adjustments = new ArrayList<>();
    new TreeMap<>(pipeline.allAdjustments()).values().forEach(v -> adjustments.add(body(v)));
    return Json.write(
        JsonValue.object()
            // Reviews and surveys likewise only when there are some.
            .put("reviews", reviews.isEmpty() ? null : JsonValue.array(reviews))
            .put("surveys", surveys.isEmpty() ? null : JsonValue.array(surveys))
            .put("signOffs", signOffs.isEmpty() ? null : JsonValue.array(signOffs))
            .put("adjustments", adjustments.isEmpty() ? null : JsonValue.array(adjustments))
            // Only when there are scorings, so that older snapshots keep their exact form.
            .put("scores", scores.isEmpty() ? null : JsonValue.array(scores))
            .put("deployments", JsonValue.array(deployments))
            .put("exposures", JsonValue.array(exposures))
            .put("seq", state.seq())
            .put("time", state.time().toString())
            .put("hash", state.hash())
            .put("artifacts", JsonValue.array(artifacts))
            .put("instances", JsonValue.array(instances))
            .build());
  }

  /** The state in {@code snapshot}; fails if its payload does not match its digest or its event. */
  public static SystemState restore(Snapshot snapshot) {
    if (!HashChain.hash(snapshot.eventHash(), snapshot.payload()).equals(snapshot.digest())) {
      throw new InvalidInputException(
          "snapshot at " + snapshot.seq() + " does not match its digest: it was altered");
    }
    JsonObject root = Json.parseObject(snapshot.payload());
    if (root.longValue("seq") != snapshot.seq()
        || !root.string("hash").equals(snapshot.eventHash())) {
      throw new InvalidInputException(
          "snapshot at " + snapshot.seq() + " does not match the event it claims to follow");
    }
    Map<ArtifactId, RegisteredArtifact> artifacts = new HashMap<>();
    for (JsonValue value : root.array("artifacts")) {
      JsonObject a = (JsonObject) value;
      JsonObject p = a.object("provenance");
      RegisteredArtifact artifact =
          new RegisteredArtifact(
              ArtifactId.of(a.string("id")),
              ServiceName.of(a.string("service")),
              a.string("version"),
              a.longValue("size"),
              new Provenance(
                  p.optString("commit").orElse(null),
                  p.optString("author").orElse(null),
                  p.optString("built").map(Instant::parse).orElse(null)),
              Instants.parse(a.string("registeredAt")),
              a.longValue("seq"));
      artifacts.put(artifact.id(), artifact);
    }
    Map<InstanceId, Instance> instances = new HashMap<>();
    for (JsonValue value : root.array("instances")) {
      JsonObject i = (JsonObject) value;
      Instance instance =
          new Instance(
              InstanceId.of(i.string("id")),
              FleetKey.of(i.string("service"), i.string("environment")),
              ArtifactId.of(i.string("artifact")),
              ActivationState.ofLabel(i.string("state")),
              i.intValue("weight"),
              i.optString("host").map(h -> Endpoint.of(h, i.intValue("port"))).orElse(null),
              Instants.parse(i.string("since")),
              i.longValue("seq"));
      instances.put(instance.id(), instance);
    }
    Map<FleetKey, Integer> exposures = new HashMap<>();
    for (JsonValue value : root.array("exposures")) {
      JsonObject e = (JsonObject) value;
      exposures.put(FleetKey.of(e.string("service"), e.string("environment")), e.intValue("port"));
    }
    Map<DeploymentId, Deployment> deployments = new HashMap<>();
    for (JsonValue value : root.array("deployments")) {
      Deployment d = deployment((JsonObject) value);
      deployments.put(d.id(), d);
    }
    // The pipeline's records are its retained events, folded again: scorings before sign-offs,
    // since a scoring that does not pass withdraws an earlier sign-off.
    PipelineRecords.Builder pipeline = new PipelineRecords.Builder();
    for (JsonValue value : optionalArray(root, "scores")) {
      JsonObject o = (JsonObject) value;
      pipeline.apply(
          o.longValue("seq"), Instants.parse(o.string("time")), event(o.object("event")));
    }
    for (String key : List.of("reviews", "surveys", "signOffs", "adjustments")) {
      for (JsonValue value : optionalArray(root, key)) {
        pipeline.apply(0, Instant.EPOCH, event(value));
      }
    }
    return new SystemState(
        snapshot.seq(),
        Instants.parse(root.string("time")),
        snapshot.eventHash(),
        artifacts,
        instances,
        exposures,
        deployments,
        pipeline.build());
  }

  private static JsonValue body(Event event) {
    return Json.parse(EventCodec.encodeBody(event));
  }

  private static Event event(JsonValue body) {
    return EventCodec.decodeBody(Json.write(body));
  }

  private static List<JsonValue> optionalArray(JsonObject root, String key) {
    return root.find(key).isPresent() ? root.array(key) : List.of();
  }

  private static JsonValue deployment(Deployment d) {
    JsonValue.ObjectBuilder slots = JsonValue.object();
    d.slots().forEach((slot, id) -> slots.put(slot, id.value()));
    return JsonValue.object()
        .put("id", d.id().value())
        .put("service", d.fleet().service().value())
        .put("environment", d.fleet().environment().value())
        .put("artifact", d.artifact().value())
        .put("strategy", d.strategy())
        .put("kind", d.kind().label())
        .put("rollbackOf", d.rollbackOf() == null ? null : d.rollbackOf().value())
        .put("steps", d.steps())
        .put("plan", d.plan() == null ? null : Json.parse(d.plan()))
        .put("status", d.status().label())
        .put("finishedSteps", d.finishedSteps())
        .put("currentStep", d.currentStep())
        .put("slots", slots.build())
        .put(
            "approvals",
            JsonValue.array(
                d.approvals().stream()
                    .sorted()
                    .map(s -> (JsonValue) JsonValue.of((long) s))
                    .toList()))
        .put("started", d.started().toString())
        .put("startedSeq", d.startedSeq())
        .put("finished", d.finished() == null ? null : d.finished().toString())
        .put("reason", d.reason())
        .build();
  }

  private static Deployment deployment(JsonObject o) {
    Map<String, InstanceId> slots = new HashMap<>();
    o.object("slots")
        .members()
        .forEach((slot, id) -> slots.put(slot, InstanceId.of(id.asString(slot))));
    java.util.Set<Integer> approvals = new java.util.HashSet<>();
    for (JsonValue step : o.array("approvals")) {
      approvals.add((int) step.asLong("approvals"));
    }
    return new Deployment(
        DeploymentId.of(o.string("id")),
        FleetKey.of(o.string("service"), o.string("environment")),
        ArtifactId.of(o.string("artifact")),
        o.string("strategy"),
        DeploymentKind.ofLabel(o.string("kind")),
        o.optString("rollbackOf").map(DeploymentId::of).orElse(null),
        o.intValue("steps"),
        o.find("plan").map(Json::write).orElse(null),
        DeploymentStatus.ofLabel(o.string("status")),
        o.intValue("finishedSteps"),
        o.intValue("currentStep"),
        slots,
        approvals,
        Instants.parse(o.string("started")),
        o.longValue("startedSeq"),
        o.optString("finished").map(Instants::parse).orElse(null),
        o.optString("reason").orElse(null));
  }
}
