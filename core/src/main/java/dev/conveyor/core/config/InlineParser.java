package dev.conveyor.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses what the YAML subset allows within one line: a key, a scalar (plain, single- or
 * double-quoted), or a flow collection of scalars ({@code [a, b]}, {@code {k: v}}).
 *
 * <p>Nothing here spans lines: an unclosed quote or bracket is an error, not a continuation.
 */
final class InlineParser {
  private static final String ESCAPES = "\\\", \\\\, \\/, \\n, \\t, \\r, \\0 or \\uXXXX";

  /** Where a flow scalar stands, which decides where a plain one ends and what it may contain. */
  private enum FlowRole {
    SEQUENCE_ITEM,
    KEY,
    VALUE
  }

  private final String fileName;
  private final int lineNumber;
  private final String text;
  private int pos;

  InlineParser(String fileName, int lineNumber, String text) {
    this.fileName = fileName;
    this.lineNumber = lineNumber;
    this.text = text;
  }

  /**
   * The index of the {@code ':'} that ends a block mapping key starting at {@code col}, or -1 when
   * the text there is not {@code key: ...}. Only looks; the key is checked by {@link #key}.
   */
  static int keyEnd(String text, int col) {
    char first = text.charAt(col);
    if (first == '"' || first == '\'') {
      int close = closingQuote(text, col);
      if (close < 0) {
        return -1;
      }
      int i = skipBlanks(text, close + 1);
      return i < text.length() && text.charAt(i) == ':' && isBlankOrEnd(text, i + 1) ? i : -1;
    }
    if (first == '[' || first == '{') {
      return -1;
    }
    for (int i = col; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '#' && i > col && isBlank(text.charAt(i - 1))) {
        return -1;
      }
      if (c == ':' && isBlankOrEnd(text, i + 1)) {
        return i;
      }
    }
    return -1;
  }

  /** True when {@code text} from {@code i} holds only blanks and perhaps a comment. */
  static boolean isBlankToEnd(String text, int i) {
    int j = skipBlanks(text, i);
    return j == text.length() || (text.charAt(j) == '#' && (j == 0 || isBlank(text.charAt(j - 1))));
  }

  /** Skips spaces and tabs. */
  static int skipBlanks(String text, int i) {
    while (i < text.length() && isBlank(text.charAt(i))) {
      i++;
    }
    return i;
  }

  static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isBlankOrEnd(String text, int i) {
    return i >= text.length() || isBlank(text.charAt(i));
  }

  /** The index of the quote closing the quoted scalar opened at {@code open}, or -1. */
  private static int closingQuote(String text, int open) {
    char quote = text.charAt(open);
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '"' && c == '\\') {
        i++;
      } else if (c == quote) {
        if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * The key of a block mapping entry that spans {@code col} to the {@code ':'} at {@code colon}.
   */
  YamlScalar key(int col, int colon) {
    pos = col;
    char first = text.charAt(col);
    if (first == '"') {
      return doubleQuoted();
    }
    if (first == '\'') {
      return singleQuoted();
    }
    if (colon == col) {
      throw error("missing key before ':'");
    }
    checkPlainStart(false);
    return new YamlScalar(trimEnd(text.substring(col, colon)), false, lineNumber);
  }

  /**
   * The value that fills the rest of the line from {@code col}: a scalar or a flow collection,
   * which is then at nesting {@code depth}. Only blanks and a comment may follow it.
   */
  YamlNode value(int col, int depth) {
    pos = col;
    char first = text.charAt(col);
    YamlNode value;
    String after;
    String fix;
    switch (first) {
      case '"' -> {
        value = doubleQuoted();
        after = "the closing quote";
        fix = "quote the whole value";
      }
      case '\'' -> {
        value = singleQuoted();
        after = "the closing quote";
        fix = "quote the whole value";
      }
      case '[' -> {
        value = flowSequence(depth);
        after = "']'";
        fix = "only a comment may follow it";
      }
      case '{' -> {
        value = flowMapping(depth);
        after = "'}'";
        fix = "only a comment may follow it";
      }
      default -> {
        return plainBlockScalar();
      }
    }
    if (!isBlankToEnd(text, pos)) {
      throw error(
          "unexpected text after "
              + after
              + ": "
              + Snippet.quoted(trimEnd(text.substring(skipBlanks(text, pos))))
              + "; "
              + fix);
    }
    return value;
  }

  private YamlScalar plainBlockScalar() {
    checkPlainStart(false);
    int start = pos;
    int end = text.length();
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '#' && isBlank(text.charAt(i - 1))) {
        end = i;
        break;
      }
      if (c == ':' && isBlankOrEnd(text, i + 1)) {
        throw error(
            "unexpected ': ' in a plain value; quote the value, or put a nested mapping on the"
                + " lines below its key");
      }
    }
    pos = end;
    return plain(trimEnd(text.substring(start, end)));
  }

  private YamlScalar plain(String value) {
    boolean isNull = value.equals("null") || value.equals("Null") || value.equals("NULL");
    return new YamlScalar(isNull || value.equals("~") ? "" : value, false, lineNumber);
  }

  /** Rejects what YAML reserves at the start of a plain scalar and this subset does not support. */
  private void checkPlainStart(boolean flow) {
    char c = text.charAt(pos);
    boolean spaceAfter =
        pos + 1 >= text.length()
            || isBlank(text.charAt(pos + 1))
            || (flow && ",[]{}".indexOf(text.charAt(pos + 1)) >= 0);
    switch (c) {
      case '&', '*' -> throw error("anchors and aliases (&, *) are not supported");
      case '!' -> throw error("tags (!) are not supported; quote the value if it starts with '!'");
      case '|', '>' ->
          throw error(
              "block scalars (|, >) are not supported; write the value on one line, in double"
                  + " quotes with \\n for line breaks");
      case '%', '@', '`', ',', '[', ']', '{', '}', '#' -> throw cannotStartWith(String.valueOf(c));
      case '?' -> {
        if (spaceAfter) {
          throw error("complex keys ('? ') are not supported");
        }
      }
      case ':' -> {
        if (spaceAfter) {
          throw flow ? error("missing key before ':'") : cannotStartWith(": ");
        }
      }
      case '-' -> {
        if (spaceAfter) {
          throw flow
              ? cannotStartWith("- ")
              : error(
                  "a list cannot start on the same line as its key; put each '- ' item on a line"
                      + " of its own below the key");
        }
      }
      default -> {}
    }
  }

  private ConfigException cannotStartWith(String start) {
    return error("a plain value cannot start with '" + start + "'; quote it");
  }

  private YamlScalar doubleQuoted() {
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw unterminated("double", '"');
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return new YamlScalar(out.toString(), true, lineNumber);
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw unterminated("double", '"');
      }
      char escape = text.charAt(pos++);
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case '0' -> out.append('\0');
        case 'u' -> out.append(hexChar());
        default ->
            throw error(
                "unsupported escape "
                    + Snippet.quoted("\\" + escape)
                    + " in a double-quoted string; use "
                    + ESCAPES);
      }
    }
  }

  private char hexChar() {
    int code = 0;
    for (int i = 0; i < 4; i++) {
      int digit = pos + i < text.length() ? hexDigit(text.charAt(pos + i)) : -1;
      if (digit < 0) {
        throw error("'\\u' must be followed by 4 hex digits in a double-quoted string");
      }
      code = code * 16 + digit;
    }
    pos += 4;
    return (char) code;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private YamlScalar singleQuoted() {
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw unterminated("single", '\'');
      }
      char c = text.charAt(pos++);
      if (c != '\'') {
        out.append(c);
      } else if (pos < text.length() && text.charAt(pos) == '\'') {
        out.append('\'');
        pos++;
      } else {
        return new YamlScalar(out.toString(), true, lineNumber);
      }
    }
  }

  private ConfigException unterminated(String kind, char quote) {
    return error(
        "unterminated "
            + kind
            + "-quoted string; close it with "
            + quote
            + " on the same line (strings cannot span lines)");
  }

  private YamlSequence flowSequence(int depth) {
    checkDepth(depth);
    pos++;
    List<YamlNode> items = new ArrayList<>();
    while (true) {
      char c = flowNext('[', ']');
      if (c == ']') {
        pos++;
        return new YamlSequence(items, lineNumber);
      }
      if (c == ',') {
        throw error("a flow sequence item is missing before ','");
      }
      items.add(flowScalar(FlowRole.SEQUENCE_ITEM));
      c = flowNext('[', ']');
      if (c == ',') {
        pos++;
      } else if (c == ']') {
        pos++;
        return new YamlSequence(items, lineNumber);
      } else {
        throw error("expected ',' or ']' in a flow sequence, got '" + c + "'");
      }
    }
  }

  private YamlMapping flowMapping(int depth) {
    checkDepth(depth);
    pos++;
    List<YamlMapping.Entry> entries = new ArrayList<>();
    Map<String, Boolean> seen = new HashMap<>();
    while (true) {
      char c = flowNext('{', '}');
      if (c == '}') {
        pos++;
        return new YamlMapping(entries, lineNumber);
      }
      if (c == ',') {
        throw error("a flow mapping entry is missing before ','");
      }
      YamlScalar key = flowScalar(FlowRole.KEY);
      if (flowNext('{', '}') != ':') {
        throw error("missing ':' after key " + Snippet.quoted(key.value()));
      }
      pos++;
      c = flowNext('{', '}');
      YamlScalar value =
          c == ',' || c == '}' ? YamlScalar.nullAt(lineNumber) : flowScalar(FlowRole.VALUE);
      if (seen.put(key.value(), Boolean.TRUE) != null) {
        throw error(
            "duplicate key "
                + Snippet.quoted(key.value())
                + " (first defined at line "
                + lineNumber
                + ")");
      }
      entries.add(new YamlMapping.Entry(key, value));
      c = flowNext('{', '}');
      if (c == ',') {
        pos++;
      } else if (c != '}') {
        throw error("expected ',' or '}' in a flow mapping, got '" + c + "'");
      }
    }
  }

  /** Skips blanks inside a flow collection and returns the next character, which must exist. */
  private char flowNext(char open, char close) {
    pos = skipBlanks(text, pos);
    if (pos >= text.length() || (text.charAt(pos) == '#' && isBlank(text.charAt(pos - 1)))) {
      throw error(
          "unterminated flow collection: close '"
              + open
              + "' with '"
              + close
              + "' on the same line (flow collections cannot span lines)");
    }
    return text.charAt(pos);
  }

  private YamlScalar flowScalar(FlowRole role) {
    char first = text.charAt(pos);
    if (first == '[' || first == '{') {
      throw error(
          "nested flow collections are not supported; write the outer collection in block style");
    }
    if (first == '"') {
      return doubleQuoted();
    }
    if (first == '\'') {
      return singleQuoted();
    }
    checkPlainStart(true);
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (",[]{}".indexOf(c) >= 0 || (c == '#' && isBlank(text.charAt(pos - 1)))) {
        break;
      }
      if (c == ':'
          && (pos + 1 >= text.length()
              || isBlank(text.charAt(pos + 1))
              || ",[]{}".indexOf(text.charAt(pos + 1)) >= 0)) {
        if (role == FlowRole.KEY) {
          break;
        }
        throw error(
            role == FlowRole.SEQUENCE_ITEM
                ? "a flow sequence item cannot be a 'key: value' pair; quote it, or use a mapping"
                : "unexpected ':' in a flow mapping value; quote the value");
      }
      pos++;
    }
    String value = trimEnd(text.substring(start, pos));
    return role == FlowRole.KEY ? new YamlScalar(value, false, lineNumber) : plain(value);
  }

  private void checkDepth(int depth) {
    if (depth > Yaml.MAX_DEPTH) {
      throw error("nesting deeper than " + Yaml.MAX_DEPTH + " levels is not supported");
    }
  }

  private static String trimEnd(String s) {
    int end = s.length();
    while (end > 0 && isBlank(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  private ConfigException error(String detail) {
    return new ConfigException(fileName, lineNumber, detail);
  }
}
