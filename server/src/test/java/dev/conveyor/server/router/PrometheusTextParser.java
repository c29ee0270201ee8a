package dev.conveyor.server.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for tests: the line grammar of the format's
 * specification, plus the checks {@code promtool check metrics} makes that tests can make without
 * it (one HELP and TYPE per family before its samples, families contiguous, no duplicate series,
 * histogram buckets ordered and cumulative with {@code +Inf} equal to {@code _count}). Fails with
 * the line number on the first violation.
 */
final class PrometheusTextParser {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*";
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?[0-9]+)?");
  private static final Pattern VALUE =
      Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?Inf|NaN");
  private static final Pattern PAIR =
      Pattern.compile(LABEL + "=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

  /** One parsed sample. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** Parses {@code text}; every sample keyed by {@code name{l1="v1",…}} as written. */
  static Map<String, Sample> parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("the text must end with a line feed");
    }
    Map<String, Sample> samples = new LinkedHashMap<>();
    Map<String, String> types = new HashMap<>();
    Set<String> helped = new HashSet<>();
    Set<String> finished = new HashSet<>();
    String current = null;
    Map<String, List<double[]>> buckets = new LinkedHashMap<>();
    Map<String, Double> counts = new HashMap<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length - 1; n++) {
      String line = lines[n];
      String where = "line " + (n + 1) + ": " + line;
      if (line.isEmpty()) {
        continue;
      }
      Matcher m;
      if ((m = HELP.matcher(line)).matches()) {
        check(helped.add(m.group(1)), "second HELP for " + m.group(1), where);
        check(!m.group(2).matches(".*\\\\[^\\\\n].*"), "bad escape in HELP", where);
        current = switchFamily(current, m.group(1), finished, where);
        continue;
      }
      if ((m = TYPE.matcher(line)).matches()) {
        check(!types.containsKey(m.group(1)), "second TYPE for " + m.group(1), where);
        types.put(m.group(1), m.group(2));
        current = switchFamily(current, m.group(1), finished, where);
        continue;
      }
      if (line.startsWith("#")) {
        check(!line.startsWith("# HELP") && !line.startsWith("# TYPE"), "malformed", where);
        continue;
      }
      m = SAMPLE.matcher(line);
      check(m.matches(), "not a sample line", where);
      String name = m.group(1);
      String family = family(name, types);
      check(family != null, "sample before its TYPE line", where);
      current = switchFamily(current, family, finished, where);
      Map<String, String> labels = labels(m.group(3) == null ? "" : m.group(3), where);
      check(VALUE.matcher(m.group(4)).matches(), "value is not a Go float", where);
      double value = parseValue(m.group(4));
      String key = name + (m.group(2) == null ? "" : m.group(2));
      check(samples.put(key, new Sample(name, labels, value)) == null, "duplicate series", where);
      if (types.get(family).equals("histogram")) {
        Map<String, String> series = new LinkedHashMap<>(labels);
        series.remove("le");
        String id = family + series;
        if (name.endsWith("_bucket")) {
          check(labels.containsKey("le"), "bucket without le", where);
          buckets
              .computeIfAbsent(id, k -> new ArrayList<>())
              .add(new double[] {parseValue(labels.get("le")), value});
        } else if (name.endsWith("_count")) {
          counts.put(id, value);
        }
      }
    }
    buckets.forEach(
        (id, list) -> {
          for (int i = 1; i < list.size(); i++) {
            check(list.get(i)[0] > list.get(i - 1)[0], "le not increasing", id);
            check(list.get(i)[1] >= list.get(i - 1)[1], "buckets not cumulative", id);
          }
          double[] last = list.get(list.size() - 1);
          check(Double.isInfinite(last[0]), "no +Inf bucket", id);
          check(
              counts.containsKey(id) && counts.get(id) == last[1], "+Inf differs from _count", id);
        });
    return samples;
  }

  private static String switchFamily(
      String current, String family, Set<String> finished, String where) {
    if (family.equals(current)) {
      return current;
    }
    check(!finished.contains(family), "family " + family + " is not contiguous", where);
    if (current != null) {
      finished.add(current);
    }
    return family;
  }

  private static String family(String name, Map<String, String> types) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix : List.of("_bucket", "_sum", "_count")) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        String type = types.get(base);
        if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
          return base;
        }
      }
    }
    return null;
  }

  private static Map<String, String> labels(String text, String where) {
    Map<String, String> labels = new LinkedHashMap<>();
    int i = 0;
    while (i < text.length()) {
      Matcher m = PAIR.matcher(text).region(i, text.length());
      check(m.lookingAt(), "malformed label at column " + i, where);
      String pair = m.group();
      String name = pair.substring(0, pair.indexOf('='));
      check(!name.startsWith("__"), "reserved label name " + name, where);
      String value = unescape(m.group(1));
      check(labels.put(name, value) == null, "label " + name + " twice", where);
      i = m.end();
      if (i < text.length()) {
        check(text.charAt(i) == ',' && i + 1 < text.length(), "expected ',' between labels", where);
        i++;
      }
    }
    return labels;
  }

  private static String unescape(String escaped) {
    StringBuilder out = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '\\') {
        char next = escaped.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static double parseValue(String value) {
    return switch (value) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(value);
    };
  }

  private static void check(boolean condition, String problem, String where) {
    if (!condition) {
      throw new AssertionError(problem + " (" + where + ")");
    }
  }

  private PrometheusTextParser() {}
}
