package dev.conveyor.core.replay;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One request as production received it, kept to be sent again in staging: its method, its target
 * (path and query), the headers that shape the answer ({@code content-type} and {@code accept};
 * others, cookies and credentials above all, are never kept) and its body ({@code ""} for none).
 */
public record RecordedRequest(
    String method, String target, Map<String, String> headers, String body) {
  /**
   * The only headers kept, by their lower-case names: they decide how a body is read and written.
   */
  public static final Set<String> KEPT_HEADERS = Set.of("accept", "content-type");

  public RecordedRequest {
    Preconditions.present(method, "a recorded request's method");
    Preconditions.check(
        !method.isBlank() && method.chars().allMatch(c -> c >= 'A' && c <= 'Z'),
        "a recorded request's method must be an HTTP method such as GET or POST, got '%s'",
        method);
    Preconditions.present(target, "a recorded request's target");
    Preconditions.check(
        target.startsWith("/"),
        "a recorded request's target must be a path starting with '/', got '%s'",
        target);
    Map<String, String> kept = new TreeMap<>();
    if (headers != null) {
      headers.forEach(
          (name, value) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (KEPT_HEADERS.contains(key) && value != null) {
              kept.put(key, value);
            }
          });
    }
    headers = Map.copyOf(kept);
    body = body == null ? "" : body;
  }

  /** A request without headers or body. */
  public static RecordedRequest of(String method, String target) {
    return new RecordedRequest(method, target, Map.of(), "");
  }

  /** A request with a JSON body. */
  public static RecordedRequest json(String method, String target, String body) {
    return new RecordedRequest(method, target, Map.of("content-type", "application/json"), body);
  }

  /** This request as one line of a replay set: {@code {"method":"GET","target":"/products"}}. */
  public JsonObject toJson() {
    JsonValue.ObjectBuilder json = JsonValue.object().put("method", method).put("target", target);
    if (!headers.isEmpty()) {
      JsonValue.ObjectBuilder names = JsonValue.object();
      headers.forEach(names::put);
      json.put("headers", names.build());
    }
    if (!body.isEmpty()) {
      json.put("body", body);
    }
    return json.build();
  }

  @Override
  public String toString() {
    return method + " " + target;
  }
}
