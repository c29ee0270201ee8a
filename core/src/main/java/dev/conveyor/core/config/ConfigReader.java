package dev.conveyor.core.config;

import dev.conveyor.core.InvalidInputException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A typed, strict view of one mapping in a config file, known by its dotted path (e.g. {@code run};
 * the root's path is empty). Every accessor records its key as known, and {@link #done()} then
 * rejects any key nobody asked for, so a typo never passes silently.
 *
 * <p>Errors are {@link ConfigException}s: {@code missing key 'run.command'}, {@code
 * 'readiness.timeout' must be a duration such as 30s, 500ms or 2m, got 'soon'}, {@code unknown key
 * 'comand' in 'run'; did you mean 'command'? (allowed: command, env, port)}.
 *
 * <p>An empty value ({@code key:}, {@code null}, {@code ~}) counts as absent for the optional
 * accessors and is an error for the required ones. Numbers and booleans must be plain (a quoted
 * {@code "8080"} is a string); strings may be plain or quoted.
 */
public final class ConfigReader {
  private final YamlMapping mapping;
  private final String fileName;
  private final String path;
  private final Set<String> known = new HashSet<>();
  private final List<ConfigReader> children = new ArrayList<>();

  private ConfigReader(YamlMapping mapping, String fileName, String path) {
    this.mapping = mapping;
    this.fileName = fileName;
    this.path = path;
  }

  /** A reader of the document's root, which must be a mapping. */
  public static ConfigReader root(YamlNode node, String fileName) {
    if (node instanceof YamlMapping mapping) {
      return new ConfigReader(mapping, fileName, "");
    }
    throw new ConfigException(
        fileName,
        node.line(),
        "the document must be a mapping of keys to values, got " + kind(node));
  }

  /** Parses {@code text} with {@link Yaml#parse} and reads its root. */
  public static ConfigReader parse(String text, String fileName) {
    return root(Yaml.parse(text, fileName), fileName);
  }

  /** The dotted path of this mapping, e.g. {@code run} or {@code steps[0]}; empty for the root. */
  public String path() {
    return path;
  }

  /** The dotted path of {@code key} in this mapping, e.g. {@code run.command}. */
  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public String fileName() {
    return fileName;
  }

  /** The line this mapping starts on. */
  public int line() {
    return mapping.line();
  }

  /** The line of {@code key}'s value, or this mapping's line when the key is absent. */
  public int lineOf(String key) {
    return mapping.get(key).map(YamlNode::line).orElse(mapping.line());
  }

  /** An error at {@code line} of this file. */
  public ConfigException error(int line, String detail) {
    return new ConfigException(fileName, line, detail);
  }

  /**
   * {@code '<path>' must be <rule>, got '<the value as written>'}, at {@code key}'s line: for a
   * value of the right type that breaks a rule, e.g. {@code invalid("alpha", "between 0 and 1")}.
   */
  public ConfigException invalid(String key, String rule) {
    return error(
        lineOf(key),
        "'" + path(key) + "' must be " + rule + ", got " + Snippet.quoted(string(key)));
  }

  /**
   * Declares every key this mapping may hold, recording them as known, and fails at once on the
   * first (by line) other key. Call it before the accessors so that a misspelt key is reported as
   * such rather than as a missing one.
   */
  public ConfigReader allowOnly(String... keys) {
    Collections.addAll(known, keys);
    Set<String> allowed = Set.of(keys);
    for (YamlMapping.Entry entry : mapping.entries()) {
      if (!allowed.contains(entry.key().value())) {
        throw unknown(entry.key(), allowed);
      }
    }
    return this;
  }

  /**
   * Fails on the first (by line) key that no accessor asked for, here or in any reader obtained
   * from this one by {@link #child}, {@link #optionalChild} or {@link #children}.
   */
  public void done() {
    List<ConfigReader> readers = new ArrayList<>();
    collect(readers);
    YamlScalar first = null;
    ConfigReader owner = null;
    for (ConfigReader reader : readers) {
      for (YamlMapping.Entry entry : reader.mapping.entries()) {
        YamlScalar key = entry.key();
        if (!reader.known.contains(key.value()) && (first == null || key.line() < first.line())) {
          first = key;
          owner = reader;
        }
      }
    }
    if (owner != null) {
      throw owner.unknown(first, owner.known);
    }
  }

  private void collect(List<ConfigReader> into) {
    into.add(this);
    for (ConfigReader child : children) {
      child.collect(into);
    }
  }

  // ---- raw nodes

  /** The node of {@code key}, which must be present (an empty value counts as present here). */
  public YamlNode node(String key) {
    return optionalNode(key).orElseThrow(() -> error(line(), "missing key '" + path(key) + "'"));
  }

  /** The node of {@code key}, if present (an empty value counts as present here). */
  public Optional<YamlNode> optionalNode(String key) {
    known.add(key);
    return mapping.get(key);
  }

  private Optional<YamlNode> present(String key) {
    return optionalNode(key).filter(node -> !(node instanceof YamlScalar s && s.isNull()));
  }

  // ---- strings

  public String string(String key) {
    return text(key, node(key));
  }

  public Optional<String> optionalString(String key) {
    return present(key).map(node -> text(key, node));
  }

  /**
   * The string of {@code key} turned into a {@code T} by {@code parse}, e.g. {@code
   * ServiceName::of}; an {@link InvalidInputException} from {@code parse} becomes a {@link
   * ConfigException} at the value's line, as {@code '<path>': <its message>}.
   */
  public <T> T string(String key, Function<? super String, ? extends T> parse) {
    YamlNode node = node(key);
    return convert(key, node, text(key, node), parse);
  }

  /** As {@link #string(String, Function)}, for an optional key. */
  public <T> Optional<T> optionalString(String key, Function<? super String, ? extends T> parse) {
    return present(key).map(node -> convert(key, node, text(key, node), parse));
  }

  private <T> T convert(
      String key, YamlNode node, String text, Function<? super String, ? extends T> parse) {
    try {
      return parse.apply(text);
    } catch (ConfigException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw new ConfigException(fileName, node.line(), "'" + path(key) + "': " + e.getMessage(), e);
    }
  }

  private String text(String key, YamlNode node) {
    return text(path(key), node, "a string");
  }

  private String text(String fullPath, YamlNode node, String expected) {
    if (node instanceof YamlScalar scalar && !scalar.isNull()) {
      return scalar.value();
    }
    throw wrongKind(fullPath, node, expected);
  }

  // ---- numbers and booleans

  public int integer(String key) {
    return integer(key, node(key));
  }

  public OptionalInt optionalInteger(String key) {
    Optional<YamlNode> node = present(key);
    return node.isPresent() ? OptionalInt.of(integer(key, node.get())) : OptionalInt.empty();
  }

  public int integer(String key, int defaultValue) {
    return optionalInteger(key).orElse(defaultValue);
  }

  private int integer(String key, YamlNode node) {
    long value = longInteger(key, node);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw outOfRange(key, node, "an integer", Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    return (int) value;
  }

  public long longInteger(String key) {
    return longInteger(key, node(key));
  }

  public OptionalLong optionalLongInteger(String key) {
    Optional<YamlNode> node = present(key);
    return node.isPresent() ? OptionalLong.of(longInteger(key, node.get())) : OptionalLong.empty();
  }

  public long longInteger(String key, long defaultValue) {
    return optionalLongInteger(key).orElse(defaultValue);
  }

  private long longInteger(String key, YamlNode node) {
    String text = plain(key, node, "an integer");
    int digits = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
    if (digits == text.length() || !isDigits(text, digits, text.length())) {
      throw wrongValue(key, node, "an integer", text);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw outOfRange(key, node, "an integer", Long.MIN_VALUE, Long.MAX_VALUE);
    }
  }

  /** A finite floating-point number, e.g. {@code 0.05}, {@code -3} or {@code 1e-3}. */
  public double number(String key) {
    return number(key, node(key));
  }

  public OptionalDouble optionalNumber(String key) {
    Optional<YamlNode> node = present(key);
    return node.isPresent() ? OptionalDouble.of(number(key, node.get())) : OptionalDouble.empty();
  }

  public double number(String key, double defaultValue) {
    return optionalNumber(key).orElse(defaultValue);
  }

  private double number(String key, YamlNode node) {
    String text = plain(key, node, "a number");
    if (!isDecimal(text)) {
      throw wrongValue(key, node, "a number", text);
    }
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw wrongValue(key, node, "a finite number", text);
    }
    return value;
  }

  /** {@code true} or {@code false}, plain and in lower case. */
  public boolean bool(String key) {
    return bool(key, node(key));
  }

  public Optional<Boolean> optionalBool(String key) {
    return present(key).map(node -> bool(key, node));
  }

  public boolean bool(String key, boolean defaultValue) {
    return optionalBool(key).orElse(defaultValue);
  }

  private boolean bool(String key, YamlNode node) {
    String text = plain(key, node, "true or false");
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw wrongValue(key, node, "true or false", text);
    };
  }

  /** The text of a plain scalar, for a value that quoting would turn into a string. */
  private String plain(String key, YamlNode node, String expected) {
    String text = text(path(key), node, expected);
    if (((YamlScalar) node).quoted()) {
      throw error(
          node.line(),
          "'"
              + path(key)
              + "' must be "
              + expected
              + ", got the quoted string "
              + Snippet.quoted(text)
              + "; remove the quotes");
    }
    return text;
  }

  private static boolean isDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Decimal notation only: no hex, no {@code .inf} or {@code NaN}, no Java suffixes. */
  private static boolean isDecimal(String text) {
    int i = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
    int exponent = Math.max(text.indexOf('e'), text.indexOf('E'));
    int end = exponent < 0 ? text.length() : exponent;
    int dot = text.indexOf('.', i);
    String whole = text.substring(i, dot < 0 || dot > end ? end : dot);
    String fraction = dot < 0 || dot > end ? "" : text.substring(dot + 1, end);
    if (whole.isEmpty() && fraction.isEmpty()
        || !isDigits(whole, 0, whole.length())
        || !isDigits(fraction, 0, fraction.length())) {
      return false;
    }
    if (exponent < 0) {
      return true;
    }
    int sign = exponent + 1 < text.length() && "+-".indexOf(text.charAt(exponent + 1)) >= 0 ? 1 : 0;
    int digits = exponent + 1 + sign;
    return digits < text.length() && isDigits(text, digits, text.length());
  }

  // ---- durations and instants

  /**
   * A duration such as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or {@code
   * 1m30s}.
   */
  public Duration duration(String key) {
    return duration(key, node(key));
  }

  public Optional<Duration> optionalDuration(String key) {
    return present(key).map(node -> duration(key, node));
  }

  private Duration duration(String key, YamlNode node) {
    String expected = "a duration such as 30s, 500ms or 2m";
    String text = text(path(key), node, expected);
    try {
      Duration value = Durations.parse(text);
      if (value == null) {
        throw wrongValue(key, node, expected, text);
      }
      return value;
    } catch (ArithmeticException | NumberFormatException e) {
      throw wrongValue(key, node, "a duration of at most " + Durations.MAX_DAYS + "d", text);
    }
  }

  /** An ISO-8601 instant such as {@code 2026-11-22T10:00:00Z}. */
  public Instant instant(String key) {
    return instant(key, node(key));
  }

  public Optional<Instant> optionalInstant(String key) {
    return present(key).map(node -> instant(key, node));
  }

  private Instant instant(String key, YamlNode node) {
    String expected = "an ISO-8601 instant such as 2026-11-22T10:00:00Z";
    String text = text(path(key), node, expected);
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      throw wrongValue(key, node, expected, text);
    }
  }

  // ---- collections

  /** A list of strings, block ({@code - a}) or flow ({@code [a, b]}). */
  public List<String> stringList(String key) {
    return stringList(key, node(key));
  }

  public Optional<List<String>> optionalStringList(String key) {
    return present(key).map(node -> stringList(key, node));
  }

  private List<String> stringList(String key, YamlNode node) {
    if (!(node instanceof YamlSequence sequence)) {
      throw wrongKind(path(key), node, "a list");
    }
    List<String> strings = new ArrayList<>(sequence.items().size());
    for (int i = 0; i < sequence.items().size(); i++) {
      strings.add(text(path(key) + "[" + i + "]", sequence.items().get(i), "a string"));
    }
    return Collections.unmodifiableList(strings);
  }

  /**
   * A mapping of strings to strings, in source order. A value may be any scalar, kept as text; an
   * empty value ({@code KEY:}, {@code null}, {@code ~}) is the empty string.
   */
  public Map<String, String> stringMap(String key) {
    return stringMap(key, node(key));
  }

  public Optional<Map<String, String>> optionalStringMap(String key) {
    return present(key).map(node -> stringMap(key, node));
  }

  private Map<String, String> stringMap(String key, YamlNode node) {
    if (!(node instanceof YamlMapping map)) {
      throw wrongKind(path(key), node, "a mapping");
    }
    Map<String, String> strings = new LinkedHashMap<>();
    for (YamlMapping.Entry entry : map.entries()) {
      if (!(entry.value() instanceof YamlScalar scalar)) {
        throw wrongKind(path(key) + "." + entry.key().value(), entry.value(), "a string");
      }
      strings.put(entry.key().value(), scalar.value());
    }
    return Collections.unmodifiableMap(strings);
  }

  /** A reader of the mapping at {@code key}, at path {@code <this path>.<key>}. */
  public ConfigReader child(String key) {
    return child(path(key), node(key));
  }

  public Optional<ConfigReader> optionalChild(String key) {
    return present(key).map(node -> child(path(key), node));
  }

  /** Readers of a list of mappings, at paths {@code <key>[0]}, {@code <key>[1]}, and so on. */
  public List<ConfigReader> children(String key) {
    YamlNode node = node(key);
    if (!(node instanceof YamlSequence sequence)) {
      throw wrongKind(path(key), node, "a list");
    }
    List<ConfigReader> readers = new ArrayList<>(sequence.items().size());
    for (int i = 0; i < sequence.items().size(); i++) {
      readers.add(child(path(key) + "[" + i + "]", sequence.items().get(i)));
    }
    return Collections.unmodifiableList(readers);
  }

  private ConfigReader child(String childPath, YamlNode node) {
    if (!(node instanceof YamlMapping map)) {
      throw wrongKind(childPath, node, "a mapping");
    }
    ConfigReader child = new ConfigReader(map, fileName, childPath);
    children.add(child);
    return child;
  }

  // ---- errors

  private ConfigException unknown(YamlScalar key, Set<String> allowedKeys) {
    TreeSet<String> allowed = new TreeSet<>(allowedKeys);
    StringBuilder detail = new StringBuilder("unknown key ").append(Snippet.quoted(key.value()));
    if (!path.isEmpty()) {
      detail.append(" in '").append(path).append("'");
    }
    Suggestions.closest(key.value(), allowed)
        .ifPresent(match -> detail.append("; did you mean '").append(match).append("'?"));
    detail.append(
        allowed.isEmpty()
            ? " (no keys are allowed here)"
            : " (allowed: " + String.join(", ", allowed) + ")");
    return error(key.line(), detail.toString());
  }

  /** {@code '<path>' must be <expected>, got <a list, a mapping, a string or an empty value>}. */
  private ConfigException wrongKind(String fullPath, YamlNode node, String expected) {
    return error(node.line(), "'" + fullPath + "' must be " + expected + ", got " + kind(node));
  }

  /** {@code '<path>' must be <expected>, got '<text>'}. */
  private ConfigException wrongValue(String key, YamlNode node, String expected, String text) {
    return error(
        node.line(), "'" + path(key) + "' must be " + expected + ", got " + Snippet.quoted(text));
  }

  private ConfigException outOfRange(
      String key, YamlNode node, String expected, long min, long max) {
    return wrongValue(
        key, node, expected + " from " + min + " to " + max, ((YamlScalar) node).value());
  }

  private static String kind(YamlNode node) {
    return switch (node) {
      case YamlScalar scalar when scalar.isNull() -> "an empty value";
      case YamlScalar scalar -> "a string";
      case YamlSequence sequence -> "a list";
      case YamlMapping mapping -> "a mapping";
    };
  }
}
