package dev.conveyor.core.json;

import dev.conveyor.core.InvalidInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A JSON value: the core's own small model, used for the canonical encoding of events and snapshots
 * (the hash chain depends on it, so it must not change with a library's version).
 */
public sealed interface JsonValue {

  /** A JSON object; its members are kept sorted by key, which is what makes encodings canonical. */
  record JsonObject(Map<String, JsonValue> members) implements JsonValue {
    public JsonObject {
      members = Collections.unmodifiableMap(new TreeMap<>(members));
    }

    /** The member {@code key}, or an error naming it when absent. */
    public JsonValue get(String key) {
      JsonValue value = members.get(key);
      if (value == null) {
        throw new InvalidInputException("missing field '" + key + "'");
      }
      return value;
    }

    public Optional<JsonValue> find(String key) {
      JsonValue value = members.get(key);
      return value == null || value instanceof JsonNull ? Optional.empty() : Optional.of(value);
    }

    public String string(String key) {
      return get(key).asString(key);
    }

    public Optional<String> optString(String key) {
      return find(key).map(v -> v.asString(key));
    }

    public long longValue(String key) {
      return get(key).asLong(key);
    }

    public int intValue(String key) {
      long value = longValue(key);
      if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
        throw new InvalidInputException("field '" + key + "' is out of range: " + value);
      }
      return (int) value;
    }

    public double doubleValue(String key) {
      return get(key).asDouble(key);
    }

    public boolean bool(String key) {
      if (get(key) instanceof JsonBool(boolean b)) {
        return b;
      }
      throw new InvalidInputException("field '" + key + "' must be true or false");
    }

    public JsonObject object(String key) {
      if (get(key) instanceof JsonObject o) {
        return o;
      }
      throw new InvalidInputException("field '" + key + "' must be an object");
    }

    public List<JsonValue> array(String key) {
      if (get(key) instanceof JsonArray(List<JsonValue> items)) {
        return items;
      }
      throw new InvalidInputException("field '" + key + "' must be an array");
    }
  }

  /** A JSON array. */
  record JsonArray(List<JsonValue> items) implements JsonValue {
    public JsonArray {
      items = List.copyOf(items);
    }
  }

  /** A JSON string. */
  record JsonString(String value) implements JsonValue {
    public JsonString {
      if (value == null) {
        throw new NullPointerException("value");
      }
    }
  }

  /**
   * A JSON number, kept exactly as a decimal in a normal form (no trailing zeros), so that {@code
   * 930}, {@code 930.0} and {@code 9.3e2} are equal values.
   */
  record JsonNumber(BigDecimal value) implements JsonValue {
    public JsonNumber {
      if (value == null) {
        throw new NullPointerException("value");
      }
      value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
  }

  /** {@code true} or {@code false}. */
  record JsonBool(boolean value) implements JsonValue {}

  /** {@code null}. */
  record JsonNull() implements JsonValue {
    public static final JsonNull INSTANCE = new JsonNull();
  }

  /** This value as a string, or an error naming {@code field}. */
  default String asString(String field) {
    if (this instanceof JsonString(String s)) {
      return s;
    }
    throw new InvalidInputException("field '" + field + "' must be a string");
  }

  /** This value as an exact long, or an error naming {@code field}. */
  default long asLong(String field) {
    if (this instanceof JsonNumber(BigDecimal n)) {
      try {
        return n.longValueExact();
      } catch (ArithmeticException e) {
        throw new InvalidInputException("field '" + field + "' must be a whole number, got " + n);
      }
    }
    throw new InvalidInputException("field '" + field + "' must be a number");
  }

  /** This value as a double, or an error naming {@code field}. */
  default double asDouble(String field) {
    if (this instanceof JsonNumber(BigDecimal n)) {
      return n.doubleValue();
    }
    throw new InvalidInputException("field '" + field + "' must be a number");
  }

  static JsonString of(String value) {
    return new JsonString(value);
  }

  static JsonNumber of(long value) {
    return new JsonNumber(BigDecimal.valueOf(value));
  }

  /** A number from a finite double, written as {@link Double#toString} would. */
  static JsonNumber of(double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidInputException("JSON numbers must be finite, got " + value);
    }
    return new JsonNumber(new BigDecimal(Double.toString(value)));
  }

  static JsonBool of(boolean value) {
    return new JsonBool(value);
  }

  /** A builder for objects, dropping members whose value is null. */
  static ObjectBuilder object() {
    return new ObjectBuilder();
  }

  /** An array of the given values. */
  static JsonArray array(List<? extends JsonValue> items) {
    return new JsonArray(new ArrayList<>(items));
  }

  /** Builds a {@link JsonObject}; members set to a null Java value are left out. */
  final class ObjectBuilder {
    private final Map<String, JsonValue> members = new TreeMap<>();

    private ObjectBuilder() {}

    public ObjectBuilder put(String key, JsonValue value) {
      if (value != null) {
        members.put(key, value);
      }
      return this;
    }

    public ObjectBuilder put(String key, String value) {
      return value == null ? this : put(key, JsonValue.of(value));
    }

    public ObjectBuilder put(String key, long value) {
      return put(key, JsonValue.of(value));
    }

    public ObjectBuilder put(String key, double value) {
      return put(key, JsonValue.of(value));
    }

    public ObjectBuilder put(String key, boolean value) {
      return put(key, JsonValue.of(value));
    }

    public JsonObject build() {
      return new JsonObject(members);
    }
  }
}
