package dev.conveyor.core.verify;

import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonArray;
import dev.conveyor.core.json.JsonValue.JsonBool;
import dev.conveyor.core.json.JsonValue.JsonNull;
import dev.conveyor.core.json.JsonValue.JsonNumber;
import dev.conveyor.core.json.JsonValue.JsonObject;
import dev.conveyor.core.json.JsonValue.JsonString;
import dev.conveyor.core.plan.Durations;
import java.util.List;
import java.util.Map;

/**
 * A verification spec written out: as canonical JSON (inside a plan in the history) and as the YAML
 * block a plan file holds. Both have the keys {@link VerificationSpec#read} reads, and decoding
 * goes through that reader, so there is one set of rules for what a spec may say.
 */
public final class VerificationSpecCodec {
  private VerificationSpecCodec() {}

  public static JsonObject toJson(VerificationSpec spec) {
    JsonValue.ObjectBuilder out =
        JsonValue.object()
            .put("minDuration", Durations.human(spec.minDuration()))
            .put("maxDuration", Durations.human(spec.maxDuration()))
            .put("minRequests", spec.minRequests())
            .put("onInconclusive", spec.onInconclusive().label());
    out.put(
        "errors",
        spec.errors()
            .<JsonValue>map(VerificationSpecCodec::comparison)
            .orElse(JsonValue.of("off")));
    out.put(
        "latency",
        spec.latency()
            .<JsonValue>map(
                l -> {
                  JsonObject c = comparison(l.comparison());
                  JsonValue.ObjectBuilder b = JsonValue.object().put("quantile", l.quantile());
                  c.members().forEach(b::put);
                  b.put("warmup", Durations.human(l.warmup()));
                  return b.build();
                })
            .orElse(JsonValue.of("off")));
    out.put(
        "flows",
        spec.flows()
            .<JsonValue>map(
                f -> {
                  JsonValue.ObjectBuilder b =
                      JsonValue.object().put("alpha", f.alpha()).put("minRatio", f.minRatio());
                  if (!f.routes().isEmpty()) {
                    b.put(
                        "routes", JsonValue.array(f.routes().stream().map(JsonValue::of).toList()));
                  }
                  return b.build();
                })
            .orElse(JsonValue.of("off")));
    Limits limits = spec.limits();
    if (!limits.equals(Limits.NONE)) {
      JsonValue.ObjectBuilder b = JsonValue.object();
      limits.errorRatio().ifPresent(r -> b.put("errorRatio", r));
      limits.p99().ifPresent(p -> b.put("p99", Durations.human(p)));
      if (!limits.flowPerSecond().isEmpty()) {
        JsonValue.ObjectBuilder flows = JsonValue.object();
        limits.flowPerSecond().forEach(flows::put);
        b.put("flowPerSecond", flows.build());
      }
      out.put("limits", b.build());
    }
    return out.build();
  }

  private static JsonObject comparison(Comparison c) {
    return JsonValue.object()
        .put("alpha", c.alpha())
        .put("beta", c.beta())
        .put("minRegression", c.minRegression())
        .put("detect", c.detect())
        .put("negligible", c.negligible())
        .build();
  }

  /** The spec a JSON form (from {@link #toJson}) describes. */
  public static VerificationSpec fromJson(JsonObject json) {
    return VerificationSpec.read(ConfigReader.parse(toYaml(json, ""), "verify (in a stored plan)"));
  }

  /** The spec's YAML block, each line starting with {@code indent}. */
  public static String toYaml(VerificationSpec spec, String indent) {
    return toYaml(toJson(spec), indent);
  }

  private static String toYaml(JsonObject object, String indent) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, JsonValue> member : object.members().entrySet()) {
      out.append(indent).append(yamlKey(member.getKey())).append(':');
      if (member.getValue() instanceof JsonObject nested) {
        out.append('\n').append(toYaml(nested, indent + "  "));
      } else {
        out.append(' ').append(scalar(member.getValue())).append('\n');
      }
    }
    return out.toString();
  }

  private static String scalar(JsonValue value) {
    return switch (value) {
      case JsonString(String s) -> plainSafe(s) ? s : quoted(s);
      case JsonNumber(java.math.BigDecimal n) -> n.toPlainString();
      case JsonBool(boolean b) -> Boolean.toString(b);
      case JsonArray(List<JsonValue> items) ->
          "[" + String.join(", ", items.stream().map(VerificationSpecCodec::scalar).toList()) + "]";
      case JsonNull ignored -> "null";
      case JsonObject o -> throw new IllegalStateException("nested objects are written as blocks");
    };
  }

  /**
   * Whether a string can be written as a plain YAML scalar: a word such as {@code off}, {@code
   * approve} or {@code 1m30s}. The reader takes booleans and numbers only plain and strings either
   * way, so words must not be quoted, and anything with spaces or punctuation is.
   */
  private static boolean plainSafe(String s) {
    return s.matches("[A-Za-z0-9][A-Za-z0-9._-]*");
  }

  private static String yamlKey(String key) {
    return key.matches("[A-Za-z][A-Za-z0-9_]*") ? key : quoted(key);
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Reads a spec block (kept for callers that hold a reader): the same as VerificationSpec.read.
   */
  public static VerificationSpec read(ConfigReader reader) {
    return VerificationSpec.read(reader);
  }
}
