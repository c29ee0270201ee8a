package dev.conveyor.core.event;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.Provenance;
import dev.conveyor.core.budget.BurnWindow.Level;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.deploy.StepOutcome;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.json.Json;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonObject;
import dev.conveyor.core.score.GateOutcome;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.ReviewVerdict;
import dev.conveyor.core.score.SurveyWeek;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The canonical encoding of events: the exact text that is stored and hashed. Changing how an
 * existing type is encoded breaks every stored chain, so types only ever gain new optional fields.
 */
public final class EventCodec {
  private EventCodec() {}

  /** The canonical payload of an event at {@code seq} and {@code time}. */
  public static String encode(
      long seq, Instant time, Actor actor, Causation causation, Event event) {
    JsonObject payload =
        JsonValue.object()
            .put("seq", seq)
            .put("time", time.toString())
            .put("actor", actor.name())
            .put(
                "causation",
                JsonValue.object()
                    .put("kind", causation.kind().label())
                    .put("id", causation.id())
                    .build())
            .put("event", body(event))
            .build();
    return Json.write(payload);
  }

  /** The canonical encoding of the event's own fields, as they appear under {@code event}. */
  public static String encodeBody(Event event) {
    return Json.write(body(event));
  }

  /** Decodes the canonical encoding of an event's own fields, as {@link #encodeBody} wrote it. */
  public static Event decodeBody(String body) {
    return event(Json.parseObject(body));
  }

  /** Decodes a stored event; its payload must be one this codec wrote. */
  public static RecordedEvent decode(StoredEvent stored) {
    JsonObject payload;
    try {
      payload = Json.parseObject(stored.payload());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          "event " + stored.seq() + " has an unreadable payload: " + e.getMessage(), e);
    }
    try {
      JsonObject causation = payload.object("causation");
      return new RecordedEvent(
          payload.longValue("seq"),
          instant(payload.string("time")),
          Actor.of(payload.string("actor")),
          new Causation(Causation.Kind.ofLabel(causation.string("kind")), causation.string("id")),
          event(payload.object("event")),
          stored.prevHash(),
          stored.hash());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          "event " + stored.seq() + " has an invalid payload: " + e.getMessage(), e);
    }
  }

  private static JsonObject body(Event event) {
    JsonValue.ObjectBuilder out = JsonValue.object().put("type", event.type());
    switch (event) {
      case ArtifactRegistered e -> {
        out.put("artifact", e.artifact().value())
            .put("service", e.service().value())
            .put("version", e.version())
            .put("size", e.size());
        Provenance p = e.provenance();
        if (!p.isEmpty()) {
          out.put(
              "provenance",
              JsonValue.object()
                  .put("commit", p.commit())
                  .put("author", p.author())
                  .put("built", p.built() == null ? null : p.built().toString())
                  .build());
        }
      }
      case ArtifactScored e ->
          out.put("artifact", e.artifact().value())
              .put("service", e.service().value())
              .put("environment", e.environment().value())
              .put(
                  "measures",
                  JsonValue.array(e.measures().stream().map(EventCodec::measure).toList()))
              .put("score", e.score())
              .put("threshold", e.threshold())
              .put("passed", e.passed())
              .put("outcome", e.outcome().label())
              .put("reasons", JsonValue.array(e.reasons().stream().map(JsonValue::of).toList()))
              .put("evidence", e.evidence().isEmpty() ? null : evidence(e.evidence()));
      case ArtifactReviewed e ->
          out.put("artifact", e.artifact().value())
              .put("service", e.service().value())
              .put("reviewer", e.reviewer())
              .put("verdict", e.verdict().label())
              .put("comment", e.comment());
      case SurveyRecorded e ->
          out.put("service", e.service().value())
              .put("week", e.week().value())
              .put(
                  "answers",
                  JsonValue.array(e.answers().stream().map(a -> JsonValue.of((long) a)).toList()));
      case ArtifactSignedOff e ->
          out.put("artifact", e.artifact().value())
              .put("service", e.service().value())
              .put("environment", e.environment().value())
              .put("approver", e.approver())
              .put("reason", e.reason());
      case ThresholdAdjusted e ->
          out.put("environment", e.environment().value())
              .put("delta", e.delta())
              .put("reason", e.reason());
      case BudgetAlerted e ->
          out.put("service", e.service().value())
              .put("objective", e.objective())
              .put("level", e.level().label())
              .put("previous", e.previous().label())
              .put("reason", e.reason());
      case FleetExposed e -> fleet(out, e.fleet()).put("port", e.port());
      case InstanceLaunched e ->
          fleet(out, e.fleet())
              .put("instance", e.instance().value())
              .put("artifact", e.artifact().value());
      case InstanceStarted e ->
          fleet(out, e.fleet())
              .put("instance", e.instance().value())
              .put("host", e.endpoint().host())
              .put("port", e.endpoint().port())
              .put("runtime", e.runtime());
      case InstanceChanged e ->
          fleet(out, e.fleet())
              .put("instance", e.instance().value())
              .put("from", e.from().label())
              .put("to", e.to().label())
              .put("weight", e.weight())
              .put("reason", e.reason());
      case DeploymentStarted e ->
          fleet(out, e.fleet())
              .put("deployment", e.deployment().value())
              .put("artifact", e.artifact().value())
              .put("strategy", e.strategy())
              .put("kind", e.kind().label())
              .put("rollbackOf", e.rollbackOf() == null ? null : e.rollbackOf().value())
              .put("steps", e.steps())
              .put("plan", Json.parse(e.plan()))
              .put("override", e.override());
      case StepStarted e ->
          fleet(out, e.fleet())
              .put("deployment", e.deployment().value())
              .put("step", e.step())
              .put("description", e.description());
      case StepFinished e ->
          fleet(out, e.fleet())
              .put("deployment", e.deployment().value())
              .put("step", e.step())
              .put("outcome", e.outcome().label())
              .put("detail", e.detail())
              .put("slot", e.slot())
              .put("instance", e.instance() == null ? null : e.instance().value())
              .put("evidence", e.evidence() == null ? null : Json.parse(e.evidence()));
      case DeploymentPaused e ->
          fleet(out, e.fleet()).put("deployment", e.deployment().value()).put("reason", e.reason());
      case DeploymentResumed e ->
          fleet(out, e.fleet()).put("deployment", e.deployment().value()).put("reason", e.reason());
      case DeploymentApproved e ->
          fleet(out, e.fleet())
              .put("deployment", e.deployment().value())
              .put("step", e.step())
              .put("reason", e.reason());
      case DeploymentFinished e ->
          fleet(out, e.fleet())
              .put("deployment", e.deployment().value())
              .put("result", e.result().label())
              .put("reason", e.reason());
    }
    return out.build();
  }

  private static JsonValue.ObjectBuilder fleet(JsonValue.ObjectBuilder out, FleetKey fleet) {
    return out.put("service", fleet.service().value())
        .put("environment", fleet.environment().value());
  }

  private static Event event(JsonObject body) {
    String type = body.string("type");
    return switch (type) {
      case "artifact_registered" -> {
        Provenance provenance =
            body.find("provenance")
                .map(
                    v -> {
                      JsonObject p = (JsonObject) v;
                      return new Provenance(
                          p.optString("commit").orElse(null),
                          p.optString("author").orElse(null),
                          p.optString("built").map(EventCodec::instant).orElse(null));
                    })
                .orElse(Provenance.NONE);
        yield new ArtifactRegistered(
            ArtifactId.of(body.string("artifact")),
            ServiceName.of(body.string("service")),
            body.string("version"),
            body.longValue("size"),
            provenance);
      }
      case "artifact_scored" ->
          new ArtifactScored(
              ArtifactId.of(body.string("artifact")),
              ServiceName.of(body.string("service")),
              EnvironmentName.of(body.string("environment")),
              body.array("measures").stream().map(m -> measure(object(m, "measures"))).toList(),
              body.doubleValue("score"),
              body.doubleValue("threshold"),
              body.optString("outcome")
                  .map(EventCodec::outcome)
                  .orElse(body.bool("passed") ? GateOutcome.GO : GateOutcome.NO_GO),
              body.array("reasons").stream().map(r -> r.asString("reasons")).toList(),
              body.find("evidence").map(e -> evidence(object(e, "evidence"))).orElse(Map.of()));
      case "artifact_reviewed" ->
          new ArtifactReviewed(
              ArtifactId.of(body.string("artifact")),
              ServiceName.of(body.string("service")),
              body.string("reviewer"),
              ReviewVerdict.byLabel(body.string("verdict"))
                  .orElseThrow(
                      () ->
                          new InvalidInputException(
                              "field 'verdict' must be approved or changes_requested, got '"
                                  + body.string("verdict")
                                  + "'")),
              body.optString("comment").orElse(null));
      case "survey_recorded" ->
          new SurveyRecorded(
              ServiceName.of(body.string("service")),
              SurveyWeek.of(body.string("week")),
              body.array("answers").stream().map(a -> (int) a.asLong("answers")).toList());
      case "artifact_signed_off" ->
          new ArtifactSignedOff(
              ArtifactId.of(body.string("artifact")),
              ServiceName.of(body.string("service")),
              EnvironmentName.of(body.string("environment")),
              body.string("approver"),
              body.string("reason"));
      case "threshold_adjusted" ->
          new ThresholdAdjusted(
              EnvironmentName.of(body.string("environment")),
              body.doubleValue("delta"),
              body.string("reason"));
      case "budget_alerted" ->
          new BudgetAlerted(
              ServiceName.of(body.string("service")),
              body.string("objective"),
              level(body.string("level")),
              level(body.string("previous")),
              body.string("reason"));
      case "fleet_exposed" -> new FleetExposed(fleetOf(body), body.intValue("port"));
      case "instance_launched" ->
          new InstanceLaunched(
              InstanceId.of(body.string("instance")),
              fleetOf(body),
              ArtifactId.of(body.string("artifact")));
      case "instance_started" ->
          new InstanceStarted(
              InstanceId.of(body.string("instance")),
              fleetOf(body),
              Endpoint.of(body.string("host"), body.intValue("port")),
              body.string("runtime"));
      case "instance_changed" ->
          new InstanceChanged(
              InstanceId.of(body.string("instance")),
              fleetOf(body),
              ActivationState.ofLabel(body.string("from")),
              ActivationState.ofLabel(body.string("to")),
              body.intValue("weight"),
              body.string("reason"));
      case "deployment_started" ->
          new DeploymentStarted(
              DeploymentId.of(body.string("deployment")),
              fleetOf(body),
              ArtifactId.of(body.string("artifact")),
              body.string("strategy"),
              DeploymentKind.ofLabel(body.string("kind")),
              body.optString("rollbackOf").map(DeploymentId::of).orElse(null),
              body.intValue("steps"),
              Json.write(body.object("plan")),
              body.optString("override").orElse(null));
      case "step_started" ->
          new StepStarted(
              DeploymentId.of(body.string("deployment")),
              fleetOf(body),
              body.intValue("step"),
              body.string("description"));
      case "step_finished" ->
          new StepFinished(
              DeploymentId.of(body.string("deployment")),
              fleetOf(body),
              body.intValue("step"),
              StepOutcome.ofLabel(body.string("outcome")),
              body.string("detail"),
              body.optString("slot").orElse(null),
              body.optString("instance").map(InstanceId::of).orElse(null),
              body.find("evidence").map(Json::write).orElse(null));
      case "deployment_paused" ->
          new DeploymentPaused(
              DeploymentId.of(body.string("deployment")), fleetOf(body), body.string("reason"));
      case "deployment_resumed" ->
          new DeploymentResumed(
              DeploymentId.of(body.string("deployment")), fleetOf(body), body.string("reason"));
      case "deployment_approved" ->
          new DeploymentApproved(
              DeploymentId.of(body.string("deployment")),
              fleetOf(body),
              body.intValue("step"),
              body.string("reason"));
      case "deployment_finished" ->
          new DeploymentFinished(
              DeploymentId.of(body.string("deployment")),
              fleetOf(body),
              DeploymentStatus.ofLabel(body.string("result")),
              body.string("reason"));
      default -> throw new InvalidInputException("unknown event type '" + type + "'");
    };
  }

  private static JsonObject measure(Measure m) {
    return JsonValue.object()
        .put("name", m.name())
        .put("score", m.score())
        .put("weight", m.weight())
        .put(
            "vetoFloor",
            m.vetoFloor().isPresent() ? JsonValue.of(m.vetoFloor().getAsDouble()) : null)
        .put("evidence", m.evidence())
        .build();
  }

  private static Measure measure(JsonObject m) {
    return new Measure(
        m.string("name"),
        m.doubleValue("score"),
        m.doubleValue("weight"),
        m.find("vetoFloor")
            .map(v -> OptionalDouble.of(v.asDouble("vetoFloor")))
            .orElse(OptionalDouble.empty()),
        m.string("evidence"));
  }

  private static JsonValue evidence(Map<String, String> digests) {
    JsonValue.ObjectBuilder out = JsonValue.object();
    new java.util.TreeMap<>(digests).forEach(out::put);
    return out.build();
  }

  private static Map<String, String> evidence(JsonObject digests) {
    Map<String, String> out = new java.util.TreeMap<>();
    digests.members().forEach((name, digest) -> out.put(name, digest.asString("evidence")));
    return out;
  }

  private static GateOutcome outcome(String label) {
    return GateOutcome.byLabel(label)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "field 'outcome' must be go, awaiting_signoff or no_go, got '" + label + "'"));
  }

  private static Level level(String label) {
    for (Level level : Level.values()) {
      if (level.label().equals(label)) {
        return level;
      }
    }
    throw new InvalidInputException(
        "a budget alert level must be ok, ticket, page or exhausted, got '" + label + "'");
  }

  private static JsonObject object(JsonValue value, String field) {
    if (value instanceof JsonObject o) {
      return o;
    }
    throw new InvalidInputException("field '" + field + "' must hold objects");
  }

  private static FleetKey fleetOf(JsonObject body) {
    return FleetKey.of(body.string("service"), body.string("environment"));
  }

  private static Instant instant(String text) {
    return Instants.parse(text);
  }
}
