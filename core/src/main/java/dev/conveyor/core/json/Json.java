package dev.conveyor.core.json;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.json.JsonValue.JsonArray;
import dev.conveyor.core.json.JsonValue.JsonBool;
import dev.conveyor.core.json.JsonValue.JsonNull;
import dev.conveyor.core.json.JsonValue.JsonNumber;
import dev.conveyor.core.json.JsonValue.JsonObject;
import dev.conveyor.core.json.JsonValue.JsonString;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@link JsonValue}s. Writing is canonical: no whitespace, object keys sorted by
 * UTF-16 code units, strings escaped minimally, numbers in their plain shortest decimal form, so
 * that equal values always encode to equal bytes (what the history's hash chain needs).
 */
public final class Json {
  /** Deeper nesting than this is refused rather than risk a stack overflow on hostile input. */
  static final int MAX_DEPTH = 128;

  private Json() {}

  /** The canonical encoding of {@code value}. */
  public static String write(JsonValue value) {
    StringBuilder out = new StringBuilder(128);
    write(value, out);
    return out.toString();
  }

  private static void write(JsonValue value, StringBuilder out) {
    switch (value) {
      case JsonObject(Map<String, JsonValue> members) -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonValue> member : members.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          writeString(member.getKey(), out);
          out.append(':');
          write(member.getValue(), out);
        }
        out.append('}');
      }
      case JsonArray(List<JsonValue> items) -> {
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(items.get(i), out);
        }
        out.append(']');
      }
      case JsonString(String s) -> writeString(s, out);
      case JsonNumber(BigDecimal n) -> out.append(plain(n));
      case JsonBool(boolean b) -> out.append(b);
      case JsonNull ignored -> out.append("null");
    }
  }

  private static String plain(BigDecimal n) {
    BigDecimal stripped = n; // already in normal form: see JsonNumber
    // Plain notation for ordinary magnitudes; scientific only where plain would be very long.
    if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 21) {
      return stripped.toPlainString();
    }
    if (stripped.scale() > 0 && stripped.scale() <= 21) {
      return stripped.toPlainString();
    }
    return stripped.toString();
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Parses one JSON document (RFC 8259), or fails naming the offset and what was expected. */
  public static JsonValue parse(String text) {
    Parser parser = new Parser(text);
    parser.skipWhitespace();
    JsonValue value = parser.value(0);
    parser.skipWhitespace();
    if (parser.pos != text.length()) {
      throw parser.error("unexpected text after the JSON value");
    }
    return value;
  }

  /** Parses a JSON document that must be an object. */
  public static JsonObject parseObject(String text) {
    if (parse(text) instanceof JsonObject object) {
      return object;
    }
    throw new InvalidInputException("invalid JSON: expected an object at offset 0");
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    InvalidInputException error(String what) {
      return new InvalidInputException("invalid JSON at offset " + pos + ": " + what);
    }

    void skipWhitespace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          return;
        }
      }
    }

    JsonValue value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nesting deeper than " + MAX_DEPTH);
      }
      if (pos >= text.length()) {
        throw error("unexpected end of input");
      }
      char c = text.charAt(pos);
      return switch (c) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> new JsonString(string());
        case 't' -> literal("true", JsonValue.of(true));
        case 'f' -> literal("false", JsonValue.of(false));
        case 'n' -> literal("null", JsonNull.INSTANCE);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            yield number();
          }
          throw error("unexpected character '" + c + "'");
        }
      };
    }

    private JsonValue literal(String word, JsonValue value) {
      if (!text.startsWith(word, pos)) {
        throw error("expected '" + word + "'");
      }
      pos += word.length();
      return value;
    }

    private JsonObject object(int depth) {
      pos++; // '{'
      Map<String, JsonValue> members = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return new JsonObject(members);
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("expected a string key");
        }
        int keyAt = pos;
        String key = string();
        if (members.containsKey(key)) {
          pos = keyAt;
          throw error("duplicate key '" + key + "'");
        }
        skipWhitespace();
        expect(':');
        skipWhitespace();
        members.put(key, value(depth + 1));
        skipWhitespace();
        char c = peek();
        if (c == ',') {
          pos++;
        } else if (c == '}') {
          pos++;
          return new JsonObject(members);
        } else {
          throw error("expected ',' or '}'");
        }
      }
    }

    private JsonArray array(int depth) {
      pos++; // '['
      List<JsonValue> items = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return new JsonArray(items);
      }
      while (true) {
        skipWhitespace();
        items.add(value(depth + 1));
        skipWhitespace();
        char c = peek();
        if (c == ',') {
          pos++;
        } else if (c == ']') {
          pos++;
          return new JsonArray(items);
        } else {
          throw error("expected ',' or ']'");
        }
      }
    }

    private char peek() {
      if (pos >= text.length()) {
        throw error("unexpected end of input");
      }
      return text.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private String string() {
      pos++; // opening quote
      // Fast path: most strings have no escapes; copy the run up to the closing quote at once.
      int run = pos;
      while (run < text.length()) {
        char c = text.charAt(run);
        if (c == '"') {
          String plain = text.substring(pos, run);
          pos = run + 1;
          return plain;
        }
        if (c == '\\' || c < 0x20) {
          break;
        }
        run++;
      }
      StringBuilder out = new StringBuilder(run - pos + 16).append(text, pos, run);
      pos = run;
      while (true) {
        if (pos >= text.length()) {
          throw error("unterminated string");
        }
        char c = text.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c < 0x20) {
          pos--;
          throw error("control character in string");
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= text.length()) {
          throw error("unterminated escape");
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '"' -> out.append('"');
          case '\\' -> out.append('\\');
          case '/' -> out.append('/');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw error("truncated \\u escape");
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int digit = Character.digit(text.charAt(pos + i), 16);
              if (digit < 0) {
                throw error("invalid \\u escape");
              }
              code = code * 16 + digit;
            }
            pos += 4;
            out.append((char) code);
          }
          default -> {
            pos--;
            throw error("invalid escape '\\" + e + "'");
          }
        }
      }
    }

    private JsonNumber number() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (pos < text.length() && text.charAt(pos) == '0') {
        pos++;
      } else {
        digits();
      }
      if (pos < text.length() && text.charAt(pos) == '.') {
        pos++;
        digits();
      }
      if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
        pos++;
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
          pos++;
        }
        digits();
      }
      String literal = text.substring(start, pos);
      try {
        BigDecimal value = new BigDecimal(literal);
        // Bound exponents so that a hostile "1e999999999" cannot make later arithmetic explode.
        if (Math.abs(value.scale()) > 1000) {
          pos = start;
          throw error("number out of range: " + literal);
        }
        return new JsonNumber(value);
      } catch (NumberFormatException e) {
        pos = start;
        throw error("invalid number '" + literal + "'");
      }
    }

    private void digits() {
      int start = pos;
      while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == start) {
        throw error("expected a digit");
      }
    }
  }
}
