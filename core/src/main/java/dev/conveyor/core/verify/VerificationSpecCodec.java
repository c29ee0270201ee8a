package dev.conveyor.core.verify;

import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonObject;
import dev.conveyor.core.plan.Durations;
import java.time.Duration;

/**
 * The verification spec in a plan: read from YAML, written to YAML and to canonical JSON. (Interim:
 * follows the full spec when the verification package lands — TODO(#4).)
 */
public final class VerificationSpecCodec {
  private VerificationSpecCodec() {}

  public static VerificationSpec read(ConfigReader reader) {
    reader.allowOnly("minDuration", "maxDuration");
    VerificationSpec defaults = VerificationSpec.defaults();
    Duration min = reader.optionalDuration("minDuration").orElse(defaults.minDuration());
    Duration max = reader.optionalDuration("maxDuration").orElse(defaults.maxDuration());
    if (max.compareTo(min) < 0) {
      throw reader.error(
          reader.lineOf("maxDuration"),
          "'"
              + reader.path("maxDuration")
              + "' must not be shorter than minDuration ("
              + Durations.human(min)
              + ")");
    }
    return new VerificationSpec(min, max);
  }

  public static JsonObject toJson(VerificationSpec spec) {
    return JsonValue.object()
        .put("minDuration", Durations.human(spec.minDuration()))
        .put("maxDuration", Durations.human(spec.maxDuration()))
        .build();
  }

  public static VerificationSpec fromJson(JsonObject json) {
    return new VerificationSpec(
        DurationText.parse(json.string("minDuration")),
        DurationText.parse(json.string("maxDuration")));
  }

  /** YAML lines for the spec, each starting with {@code indent}. */
  public static String toYaml(VerificationSpec spec, String indent) {
    return indent
        + "minDuration: "
        + Durations.human(spec.minDuration())
        + "\n"
        + indent
        + "maxDuration: "
        + Durations.human(spec.maxDuration())
        + "\n";
  }
}
