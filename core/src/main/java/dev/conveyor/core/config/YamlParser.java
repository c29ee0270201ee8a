package dev.conveyor.core.config;

import dev.conveyor.core.Preconditions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parses the block structure of a YAML document (mappings and sequences nested by indentation),
 * leaving what sits within a line to {@link InlineParser}.
 *
 * <p>Works line by line: blank and comment lines are dropped up front, and a {@code - } item's
 * content is parsed as if it began a line of its own at the column after the dash, which is how
 * YAML reads {@code - name: a} followed by {@code port: 1}.
 */
final class YamlParser {
  /** A line with content; {@code start} moves past {@code - } when an item's content is parsed. */
  private static final class Line {
    final int number;
    final String text;
    int start;

    Line(int number, String text, int start) {
      this.number = number;
      this.text = text;
      this.start = start;
    }
  }

  private final String fileName;
  private final List<Line> lines = new ArrayList<>();
  private int pos;

  /** The columns of the block collections being parsed, outermost first, for error messages. */
  private final int[] open = new int[Yaml.MAX_DEPTH + 1];

  private int openCount;
  private int lastClosed = -1;

  YamlParser(String text, String fileName) {
    this.fileName = fileName;
    checkSize(text);
    split(text);
  }

  YamlNode document() {
    if (lines.isEmpty()) {
      return new YamlMapping(List.of(), 1);
    }
    YamlNode root = node(1, -1);
    if (pos < lines.size()) {
      throw inconsistent(lines.get(pos));
    }
    return root;
  }

  private void checkSize(String text) {
    if (text.length() <= Yaml.MAX_BYTES / 3) {
      return;
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    if (bytes > Yaml.MAX_BYTES) {
      throw error(
          1,
          "the document is "
              + bytes
              + " bytes, more than the 1 MiB ("
              + Yaml.MAX_BYTES
              + " bytes) allowed");
    }
  }

  private void split(String text) {
    int number = 1;
    int begin = text.startsWith("\uFEFF") ? 1 : 0;
    boolean started = false;
    for (int i = begin; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '\n';
      if (c == '\n' || c == '\r') {
        started |= addLine(number, text.substring(begin, i), started);
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        number++;
        begin = i + 1;
      } else if (c != '\t' && Character.getType(c) == Character.CONTROL) {
        throw error(
            number, Preconditions.format("control character U+%04X is not allowed", (int) c));
      }
    }
  }

  /**
   * Keeps {@code raw} if it has content; returns whether the document has started (content or a
   * {@code ---} marker seen), after which a marker means a second document.
   */
  private boolean addLine(int number, String raw, boolean started) {
    int indent = 0;
    while (indent < raw.length() && raw.charAt(indent) == ' ') {
      indent++;
    }
    if (InlineParser.isBlankToEnd(raw, indent)) {
      return false;
    }
    if (raw.charAt(indent) == '\t') {
      throw error(number, "tabs are not allowed for indentation; use spaces");
    }
    if (indent == 0 && isMarker(raw, "---")) {
      if (started) {
        throw error(
            number, "a second document ('---') is not supported; put one document in each file");
      }
      if (!InlineParser.isBlankToEnd(raw, 3)) {
        throw error(
            number,
            "content on the '---' line is not supported; start the document on the next line");
      }
      return true;
    }
    if (indent == 0 && isMarker(raw, "...")) {
      throw error(number, "the document end marker '...' is not supported");
    }
    if (indent == 0 && raw.charAt(0) == '%') {
      throw error(number, "directives (%) are not supported");
    }
    lines.add(new Line(number, raw, indent));
    return true;
  }

  private static boolean isMarker(String raw, String marker) {
    return raw.startsWith(marker) && (raw.length() == 3 || InlineParser.isBlank(raw.charAt(3)));
  }

  /**
   * Parses the node starting at the current line's start column, at nesting {@code depth}, inside a
   * block collection at column {@code parentIndent} (-1 for the document's root).
   */
  private YamlNode node(int depth, int parentIndent) {
    Line line = lines.get(pos);
    if (isDash(line.text, line.start)) {
      return sequence(line.start, depth, false);
    }
    if (InlineParser.keyEnd(line.text, line.start) >= 0) {
      return mapping(line.start, depth);
    }
    YamlNode value = inline(line).value(line.start, depth);
    pos++;
    checkComplete(value, line, parentIndent);
    return value;
  }

  private YamlMapping mapping(int col, int depth) {
    enter(col, depth);
    List<YamlMapping.Entry> entries = new ArrayList<>();
    Map<String, Integer> firstLines = new HashMap<>();
    int mappingLine = lines.get(pos).number;
    while (pos < lines.size()) {
      Line line = lines.get(pos);
      if (line.start < col) {
        break;
      }
      if (line.start > col) {
        throw inconsistent(line);
      }
      if (isDash(line.text, col)) {
        throw error(line.number, "expected 'key: value' here, got a list item ('- ')");
      }
      int colon = InlineParser.keyEnd(line.text, col);
      if (colon < 0) {
        throw missingColon(line, depth);
      }
      YamlScalar key = inline(line).key(col, colon);
      Integer first = firstLines.putIfAbsent(key.value(), line.number);
      if (first != null) {
        throw error(
            line.number,
            "duplicate key "
                + Snippet.quoted(key.value())
                + " (first defined at line "
                + first
                + ")");
      }
      entries.add(new YamlMapping.Entry(key, mappingValue(line, col, colon + 1, depth)));
    }
    leave(col);
    return new YamlMapping(entries, mappingLine);
  }

  /** The value of the entry on {@code line}: on the line after {@code from}, or in lines below. */
  private YamlNode mappingValue(Line line, int col, int from, int depth) {
    int start = InlineParser.skipBlanks(line.text, from);
    if (InlineParser.isBlankToEnd(line.text, start)) {
      pos++;
      if (pos < lines.size()) {
        Line next = lines.get(pos);
        if (next.start > col) {
          return node(depth + 1, col);
        }
        if (next.start == col && isDash(next.text, col)) {
          return sequence(col, depth + 1, true);
        }
      }
      return YamlScalar.nullAt(line.number);
    }
    YamlNode value = inline(line).value(start, depth + 1);
    pos++;
    checkComplete(value, line, col);
    return value;
  }

  /**
   * Parses a block sequence at {@code col}. When it is the value of a key at the same column
   * ({@code key:} then {@code - a}), a line with a key ends it; otherwise such a line is an error.
   */
  private YamlSequence sequence(int col, int depth, boolean valueOfKeyAtSameColumn) {
    enter(col, depth);
    List<YamlNode> items = new ArrayList<>();
    int sequenceLine = lines.get(pos).number;
    while (pos < lines.size()) {
      Line line = lines.get(pos);
      if (line.start < col) {
        break;
      }
      if (line.start > col) {
        throw inconsistent(line);
      }
      if (!isDash(line.text, col)) {
        if (valueOfKeyAtSameColumn) {
          break;
        }
        throw error(
            line.number, "expected '- ' to continue the list that starts at line " + sequenceLine);
      }
      int content = col + 1;
      while (content < line.text.length() && line.text.charAt(content) == ' ') {
        content++;
      }
      if (InlineParser.isBlankToEnd(line.text, content)) {
        pos++;
        boolean nestedBelow = pos < lines.size() && lines.get(pos).start > col;
        items.add(nestedBelow ? node(depth + 1, col) : YamlScalar.nullAt(line.number));
      } else if (line.text.charAt(content) == '\t') {
        throw error(line.number, "tabs are not allowed for indentation; use spaces");
      } else {
        line.start = content;
        items.add(node(depth + 1, col));
      }
    }
    leave(col);
    return new YamlSequence(items, sequenceLine);
  }

  /**
   * After a value that ended on {@code line}, rejects a next line indented as if it continued or
   * were nested under that value.
   */
  private void checkComplete(YamlNode value, Line line, int parentIndent) {
    if (pos == lines.size()) {
      return;
    }
    Line next = lines.get(pos);
    if (next.start <= parentIndent) {
      return;
    }
    boolean plain = value instanceof YamlScalar scalar && !scalar.quoted();
    boolean structured =
        isDash(next.text, next.start) || InlineParser.keyEnd(next.text, next.start) >= 0;
    if (plain && !structured) {
      throw error(
          next.number,
          "multi-line plain scalars are not supported; put the whole value on one line");
    }
    if (parentIndent < 0) {
      if (plain) {
        throw error(line.number, "missing ':' after key " + Snippet.quoted(rawText(line)));
      }
      throw error(
          next.number,
          "unexpected content after the document's value, which is complete at line "
              + line.number);
    }
    throw error(
        next.number,
        "unexpected indentation: line "
            + line.number
            + " already has a complete value, so nothing can be nested under it");
  }

  /** The error for a line in a mapping that is not {@code key: value}. */
  private ConfigException missingColon(Line line, int depth) {
    // Parsing it as a value first reports what is wrong with it, if more than the missing ':'.
    YamlNode value = inline(line).value(line.start, depth);
    if (value instanceof YamlScalar) {
      return error(line.number, "missing ':' after key " + Snippet.quoted(rawText(line)));
    }
    return error(line.number, "expected 'key: value' here, got a flow collection");
  }

  /** The line's text from its start column, without a comment or trailing blanks. */
  private static String rawText(Line line) {
    int end = line.text.length();
    for (int i = line.start + 1; i < line.text.length(); i++) {
      if (line.text.charAt(i) == '#' && InlineParser.isBlank(line.text.charAt(i - 1))) {
        end = i;
        break;
      }
    }
    while (end > line.start && InlineParser.isBlank(line.text.charAt(end - 1))) {
      end--;
    }
    return line.text.substring(line.start, end);
  }

  private static boolean isDash(String text, int col) {
    return text.charAt(col) == '-'
        && (col + 1 == text.length() || InlineParser.isBlank(text.charAt(col + 1)));
  }

  private void enter(int col, int depth) {
    if (depth > Yaml.MAX_DEPTH) {
      throw error(
          lines.get(pos).number,
          "nesting deeper than " + Yaml.MAX_DEPTH + " levels is not supported");
    }
    open[openCount++] = col;
  }

  private void leave(int col) {
    openCount--;
    lastClosed = col;
  }

  private ConfigException inconsistent(Line line) {
    TreeSet<Integer> expected = new TreeSet<>();
    for (int i = 0; i < openCount; i++) {
      expected.add(open[i]);
    }
    if (lastClosed >= 0) {
      expected.add(lastClosed);
    }
    StringBuilder columns = new StringBuilder();
    int left = expected.size();
    for (int column : expected) {
      columns.append(column);
      left--;
      columns.append(left > 1 ? ", " : left == 1 ? " or " : "");
    }
    return error(
        line.number,
        "inconsistent indentation: "
            + line.start
            + " spaces does not line up with any enclosing block (expected "
            + columns
            + ")");
  }

  private InlineParser inline(Line line) {
    return new InlineParser(fileName, line.number, line.text);
  }

  private ConfigException error(int line, String detail) {
    return new ConfigException(fileName, line, detail);
  }
}
