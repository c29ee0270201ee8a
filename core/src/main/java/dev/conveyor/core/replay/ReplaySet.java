package dev.conveyor.core.replay;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.json.Json;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonObject;
import dev.conveyor.core.json.JsonValue.JsonString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Requests to send again, in order: a standard set kept with a service, or a sample the router
 * captured from production. Written as JSON Lines, one request a line: {@code {"method": "POST",
 * "target": "/checkout", "headers": {"content-type": "application/json"}, "body": "…"}}; blank
 * lines and lines starting with {@code #} are comments.
 */
public record ReplaySet(List<RecordedRequest> requests) {
  /** What every error message shows as the shape of a line. */
  static final String LINE_SYNTAX = "each line is {\"method\": \"GET\", \"target\": \"/products\"}";

  private static final Set<String> FIELDS = Set.of("method", "target", "headers", "body");

  public ReplaySet {
    Preconditions.present(requests, "a replay set's requests");
    requests = List.copyOf(requests);
    Preconditions.check(
        !requests.isEmpty(), "a replay set needs at least one request; %s", LINE_SYNTAX);
  }

  /** The set of these requests. */
  public static ReplaySet of(RecordedRequest... requests) {
    return new ReplaySet(List.of(requests));
  }

  /** How many requests the set holds. */
  public int size() {
    return requests.size();
  }

  /**
   * Reads a replay set from JSON Lines.
   *
   * @param source what the text is, for messages: a file name such as {@code standard.jsonl}
   * @throws InvalidInputException naming the source, the line and what is wrong with it
   */
  public static ReplaySet parse(String jsonl, String source) {
    Preconditions.present(jsonl, "the text of replay set " + source);
    List<RecordedRequest> requests = new ArrayList<>();
    String[] lines = jsonl.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      requests.add(line(line, source, i + 1));
    }
    if (requests.isEmpty()) {
      throw new InvalidInputException(
          "replay set "
              + source
              + " has no requests: write one request a line, like {\"method\": \"GET\", \"target\":"
              + " \"/products\"}");
    }
    return new ReplaySet(requests);
  }

  private static RecordedRequest line(String line, String source, int number) {
    String at = "replay set " + source + " line " + number + ": ";
    JsonValue value;
    try {
      value = Json.parse(line);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(at + e.getMessage() + "; " + LINE_SYNTAX, e);
    }
    if (!(value instanceof JsonObject object)) {
      throw new InvalidInputException(at + "not a JSON object; " + LINE_SYNTAX);
    }
    for (String key : object.members().keySet()) {
      if (!FIELDS.contains(key)) {
        throw new InvalidInputException(
            at
                + "unknown field \""
                + key
                + "\"; a line has \"method\", \"target\" and optionally \"headers\" and \"body\"");
      }
    }
    String method = string(object, "method", at);
    String target = string(object, "target", at);
    Map<String, String> headers = new LinkedHashMap<>();
    JsonValue names = object.members().get("headers");
    if (names != null) {
      if (!(names instanceof JsonObject fields)) {
        throw new InvalidInputException(
            at
                + "\"headers\" must be an object such as {\"content-type\": \"application/json\"},"
                + " got "
                + Json.write(names));
      }
      fields
          .members()
          .forEach(
              (name, v) -> {
                if (!(v instanceof JsonString(String text))) {
                  throw new InvalidInputException(
                      at + "header \"" + name + "\" must be a string, got " + Json.write(v));
                }
                headers.put(name, text);
              });
    }
    JsonValue body = object.members().get("body");
    if (body != null && !(body instanceof JsonString)) {
      throw new InvalidInputException(
          at
              + "\"body\" must be a string (JSON bodies are written as text), got "
              + Json.write(body));
    }
    try {
      return new RecordedRequest(
          method, target, headers, body == null ? "" : ((JsonString) body).value());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(at + e.getMessage(), e);
    }
  }

  private static String string(JsonObject object, String field, String at) {
    JsonValue value = object.members().get(field);
    if (value == null) {
      throw new InvalidInputException(at + "\"" + field + "\" is missing; " + LINE_SYNTAX);
    }
    if (!(value instanceof JsonString(String text))) {
      throw new InvalidInputException(
          at + "\"" + field + "\" must be a string, got " + Json.write(value) + "; " + LINE_SYNTAX);
    }
    return text;
  }

  /** The set as JSON Lines, one request a line, which {@link #parse} reads back. */
  public String toJsonl() {
    StringBuilder out = new StringBuilder(requests.size() * 64);
    for (RecordedRequest request : requests) {
      out.append(Json.write(request.toJson())).append('\n');
    }
    return out.toString();
  }
}
