package dev.conveyor.core.verify;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonNull;
import dev.conveyor.core.json.JsonValue.JsonObject;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of an {@link Assessment}: compact (counts and statistics, no prose but the reason)
 * and canonical through {@link dev.conveyor.core.json.Json#write}. Each evidence has a {@code
 * kind}: {@code comparison}, {@code flow} or {@code limit}. Types only ever gain optional fields.
 */
final class AssessmentJson {
  private AssessmentJson() {}

  static JsonObject write(Assessment a) {
    List<JsonValue> evidence = new ArrayList<>();
    for (Evidence e : a.evidence()) {
      evidence.add(write(e));
    }
    return JsonValue.object()
        .put("outcome", a.outcome().label())
        .put("reason", a.reason())
        .put("elapsed", a.elapsed().toString())
        .put("requests", counts(a.requests()))
        .put("evidence", JsonValue.array(evidence))
        .build();
  }

  private static JsonObject write(Evidence evidence) {
    return switch (evidence) {
      case ComparisonEvidence e ->
          JsonValue.object()
              .put("kind", "comparison")
              .put("judge", e.judge())
              .put("outcome", e.outcome().label())
              .put("events", counts(e.events()))
              .put("requests", counts(e.requests()))
              .put("statistic", e.statistic())
              .put("failAt", e.failAt())
              .put("relative", e.relative())
              .put("absolute", e.absolute())
              .put("passAt", e.passAt())
              .put("alpha", e.design().alpha())
              .put("beta", e.design().beta())
              .put("minRegression", e.design().minRegression())
              .put("detect", e.design().detect())
              .put("negligible", e.design().negligible())
              .put("slowerThan", e.slowerThan().map(Duration::toString).orElse(null))
              .build();
      case FlowEvidence e ->
          JsonValue.object()
              .put("kind", "flow")
              .put("route", e.route())
              .put("outcome", e.outcome().label())
              .put("successes", counts(e.successes()))
              .put("requests", counts(e.requests()))
              .put("statistic", e.statistic())
              .put("failAt", e.failAt())
              .put("minRatio", e.minRatio())
              .put("baselineSinceCandidate", e.baselineSinceCandidate())
              .put("stopped", e.stopped())
              .put("stoppedAt", e.stoppedAt())
              .build();
      case LimitEvidence e ->
          JsonValue.object()
              .put("kind", "limit")
              .put("limit", e.limit())
              .put("outcome", e.outcome().label())
              .put("value", Double.isNaN(e.value()) ? JsonNull.INSTANCE : JsonValue.of(e.value()))
              .put("bound", e.bound())
              .put("samples", e.samples())
              .put("minSamples", e.minSamples())
              .build();
    };
  }

  private static JsonObject counts(SplitCounts counts) {
    return JsonValue.object()
        .put("candidate", counts.candidate())
        .put("baseline", counts.baseline())
        .build();
  }

  static Assessment read(JsonObject json) {
    try {
      List<Evidence> evidence = new ArrayList<>();
      for (JsonValue item : json.array("evidence")) {
        if (!(item instanceof JsonObject object)) {
          throw new InvalidInputException("field 'evidence' must hold objects");
        }
        evidence.add(evidence(object));
      }
      return new Assessment(
          Outcome.ofLabel(json.string("outcome")),
          json.string("reason"),
          duration(json.string("elapsed")),
          counts(json.object("requests")),
          evidence);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("invalid assessment JSON: " + e.getMessage(), e);
    }
  }

  private static Evidence evidence(JsonObject e) {
    String kind = e.string("kind");
    Outcome outcome = Outcome.ofLabel(e.string("outcome"));
    return switch (kind) {
      case "comparison" ->
          new ComparisonEvidence(
              e.string("judge"),
              outcome,
              counts(e.object("events")),
              counts(e.object("requests")),
              e.doubleValue("statistic"),
              e.doubleValue("failAt"),
              e.doubleValue("relative"),
              e.doubleValue("absolute"),
              e.doubleValue("passAt"),
              new Comparison(
                  e.doubleValue("alpha"),
                  e.doubleValue("beta"),
                  e.doubleValue("minRegression"),
                  e.doubleValue("detect"),
                  e.doubleValue("negligible")),
              e.optString("slowerThan").map(AssessmentJson::duration));
      case "flow" ->
          new FlowEvidence(
              e.string("route"),
              outcome,
              counts(e.object("successes")),
              counts(e.object("requests")),
              e.doubleValue("statistic"),
              e.doubleValue("failAt"),
              e.doubleValue("minRatio"),
              e.longValue("baselineSinceCandidate"),
              e.doubleValue("stopped"),
              e.doubleValue("stoppedAt"));
      case "limit" ->
          new LimitEvidence(
              e.string("limit"),
              outcome,
              e.find("value").map(v -> v.asDouble("value")).orElse(Double.NaN),
              e.doubleValue("bound"),
              e.longValue("samples"),
              e.longValue("minSamples"));
      default ->
          throw new InvalidInputException(
              "unknown evidence kind '" + kind + "'; expected comparison, flow or limit");
    };
  }

  private static SplitCounts counts(JsonObject counts) {
    return SplitCounts.of(counts.longValue("candidate"), counts.longValue("baseline"));
  }

  private static Duration duration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("'" + text + "' is not an ISO-8601 duration such as PT1M3S");
    }
  }
}
