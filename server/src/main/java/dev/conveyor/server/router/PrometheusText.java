package dev.conveyor.server.router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes metrics in the Prometheus text exposition format 0.0.4: one {@code # HELP} and one {@code
 * # TYPE} line per family, then its samples, with label values escaped. Checks names as it goes, so
 * a mistake fails here rather than in a scrape.
 */
public final class PrometheusText {
  /** The Content-Type of the format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private final Appendable out;
  private final Set<String> written = new HashSet<>();
  private String family;
  private String type;

  public PrometheusText(Appendable out) {
    this.out = out;
  }

  /** Starts a family: its HELP and TYPE lines. Each family may start once. */
  public PrometheusText family(String name, String type, String help) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("metric family name '" + name + "' is not valid");
    }
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("metric type '" + type + "' is not one of " + TYPES);
    }
    if (!written.add(name)) {
      throw new IllegalStateException("metric family " + name + " was already written");
    }
    this.family = name;
    this.type = type;
    write("# HELP " + name + ' ' + escapeHelp(help) + '\n' + "# TYPE " + name + ' ' + type + '\n');
    return this;
  }

  /** A sample of the current family; {@code labels} alternate names and values. */
  public PrometheusText sample(String name, long value, String... labels) {
    return sample(name, Long.toString(value), labels);
  }

  /** A sample of the current family; {@code labels} alternate names and values. */
  public PrometheusText sample(String name, double value, String... labels) {
    return sample(name, number(value), labels);
  }

  private PrometheusText sample(String name, String value, String... labels) {
    checkBelongs(name);
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels of " + name + " must come in name/value pairs");
    }
    StringBuilder line = new StringBuilder(128).append(name);
    if (labels.length > 0) {
      line.append('{');
      for (int i = 0; i < labels.length; i += 2) {
        if (!LABEL_NAME.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
          throw new IllegalArgumentException("label name '" + labels[i] + "' is not valid");
        }
        line.append(i == 0 ? "" : ",").append(labels[i]).append("=\"");
        line.append(escapeLabel(labels[i + 1])).append('"');
      }
      line.append('}');
    }
    write(line.append(' ').append(value).append('\n'));
    return this;
  }

  private void checkBelongs(String name) {
    if (family == null) {
      throw new IllegalStateException("sample " + name + " comes before any family");
    }
    boolean belongs =
        switch (type) {
          case "histogram" ->
              name.equals(family + "_bucket")
                  || name.equals(family + "_sum")
                  || name.equals(family + "_count");
          case "summary" ->
              name.equals(family) || name.equals(family + "_sum") || name.equals(family + "_count");
          default -> name.equals(family);
        };
    if (!belongs) {
      throw new IllegalArgumentException(
          "sample " + name + " does not belong to the " + type + " family " + family);
    }
  }

  /** A label value with backslash, double quote and line feed escaped. */
  static String escapeLabel(String value) {
    if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
      return value;
    }
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** A help text with backslash and line feed escaped. */
  static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** A sample value as Go's ParseFloat reads it: integers plainly, {@code +Inf}, {@code NaN}. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private void write(CharSequence text) {
    try {
      out.append(text);
    } catch (IOException e) {
      throw new UncheckedIOException("writing Prometheus text failed: " + e.getMessage(), e);
    }
  }
}
