package dev.conveyor.core.replay;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.json.Json;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonArray;
import dev.conveyor.core.json.JsonValue.JsonBool;
import dev.conveyor.core.json.JsonValue.JsonNull;
import dev.conveyor.core.json.JsonValue.JsonNumber;
import dev.conveyor.core.json.JsonValue.JsonObject;
import dev.conveyor.core.json.JsonValue.JsonString;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The shape of a response body, its values left out: two answers with equal shapes are the same
 * kind of message. A JSON body's shape is its structure: objects by their keys and the shapes of
 * their values, arrays by the shapes of their elements, scalars by type, e.g. {@code
 * {"orderId":string,"items":[{"sku":string}]}}. Other bodies are known by their media type ({@code
 * text/html}), and no body is {@code empty}.
 *
 * <p>The router's shadow comparison asks a stricter question (are the values equal?); a replay in
 * staging cannot ask it, because order ids, timestamps and stock differ from production's by
 * nature.
 *
 * @param description the shape as text; equal texts are equal shapes
 */
public record ResponseShape(String description) {
  /** No body at all. */
  public static final ResponseShape EMPTY = new ResponseShape("empty");

  /** No answer, for a request that got none. */
  public static final ResponseShape NONE = new ResponseShape("none");

  public ResponseShape {
    Preconditions.present(description, "a response shape");
  }

  /**
   * The shape of a body with its {@code Content-Type} (null when absent). A body whose type
   * mentions {@code json} and that parses is shaped by its structure; one that does not parse is
   * {@code invalid json}.
   */
  public static ResponseShape of(String contentType, String body) {
    if (body == null || body.isEmpty()) {
      return EMPTY;
    }
    String type = mediaType(contentType);
    if (!type.contains("json")) {
      return new ResponseShape(type);
    }
    try {
      return new ResponseShape(shape(Json.parse(body)));
    } catch (InvalidInputException notJson) {
      return new ResponseShape("invalid json");
    }
  }

  private static String mediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return "application/octet-stream"; // what RFC 9110 says a recipient may assume
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }

  private static String shape(JsonValue value) {
    return switch (value) {
      case JsonObject(Map<String, JsonValue> members) -> {
        StringBuilder out = new StringBuilder("{");
        members.forEach( // sorted by key: key order never changes a shape
            (key, member) -> {
              if (out.length() > 1) {
                out.append(',');
              }
              out.append(Json.write(JsonValue.of(key))).append(':').append(shape(member));
            });
        yield out.append('}').toString();
      }
      case JsonArray(List<JsonValue> items) -> {
        // An array is shaped by its distinct element shapes, so its length never matters.
        TreeSet<String> shapes = new TreeSet<>();
        items.forEach(item -> shapes.add(shape(item)));
        yield "[" + String.join("|", shapes) + "]";
      }
      case JsonString ignored -> "string";
      case JsonNumber ignored -> "number";
      case JsonBool ignored -> "boolean";
      case JsonNull ignored -> "null";
    };
  }

  @Override
  public String toString() {
    return description;
  }
}
