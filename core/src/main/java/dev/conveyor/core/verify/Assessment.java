package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.json.JsonValue.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * Where a verify step stands after a second: its outcome, why, and every judge's evidence.
 *
 * @param outcome RUNNING until decided; then PASS, FAIL or INCONCLUSIVE, for good
 * @param reason one line saying why, e.g. the failing judge's summary
 * @param elapsed the time since the step started, to the end of the last second observed
 * @param requests the requests answered so far, on each side
 * @param evidence each judge's evidence: errors, latency, flows by route, limits
 */
public record Assessment(
    Outcome outcome,
    String reason,
    Duration elapsed,
    SplitCounts requests,
    List<Evidence> evidence) {
  public Assessment {
    Preconditions.present(outcome, "outcome");
    Preconditions.present(reason, "reason");
    Preconditions.present(elapsed, "elapsed");
    Preconditions.present(requests, "requests");
    evidence = List.copyOf(evidence);
  }

  /**
   * The assessment for people: a first line with the outcome and the reason, then one line per
   * judge, indented. What {@code conveyor deployment show} prints.
   */
  public String summary() {
    StringBuilder out =
        new StringBuilder(outcome.name())
            .append(" after ")
            .append(Format.duration(elapsed))
            .append(": ")
            .append(reason);
    for (Evidence e : evidence) {
      out.append("\n  ").append(e.outcome().label()).append("  ").append(e.summary());
    }
    return out.toString();
  }

  /** The canonical JSON form, for an event in the history: {@code Json.write} of it is stable. */
  public JsonObject toJson() {
    return AssessmentJson.write(this);
  }

  /** Reads what {@link #toJson()} wrote; fails naming the field that is missing or wrong. */
  public static Assessment fromJson(JsonObject json) {
    return AssessmentJson.read(json);
  }
}
