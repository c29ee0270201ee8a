package dev.conveyor.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A table printed with aligned columns, as Markdown so that it can be pasted into the docs. */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  public Table row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + header.size() + " columns");
    }
    rows.add(Arrays.asList(cells));
    return this;
  }

  public void print(PrintStream out) {
    int[] widths = new int[header.size()];
    for (List<String> row : concat()) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    line(out, header, widths);
    StringBuilder rule = new StringBuilder("|");
    for (int width : widths) {
      rule.append('-').append("-".repeat(width)).append("-|");
    }
    out.println(rule);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
  }

  private List<List<String>> concat() {
    List<List<String>> all = new ArrayList<>(rows);
    all.add(header);
    return all;
  }

  private static void line(PrintStream out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      line.append(' ').append(cell).append(" ".repeat(widths[c] - cell.length())).append(" |");
    }
    out.println(line);
  }

  // ---- number formats shared by the benchmark's output ----

  /** A whole count with thousands separators: {@code 27,431}. */
  public static String count(double value) {
    return String.format(Locale.ROOT, "%,d", Math.round(value));
  }

  /** Milliseconds with a sensible number of decimals. */
  public static String ms(double millis) {
    if (millis >= 100) {
      return String.format(Locale.ROOT, "%,.0f ms", millis);
    }
    if (millis >= 10) {
      return String.format(Locale.ROOT, "%.1f ms", millis);
    }
    return String.format(Locale.ROOT, "%.2f ms", millis);
  }

  /** A ratio such as {@code 0.84×} (figure ÷ anchor). */
  public static String ratio(double value) {
    if (!Double.isFinite(value)) {
      return "–";
    }
    return String.format(Locale.ROOT, value >= 10 ? "%.0f×" : "%.2f×", value);
  }

  /** A size in MiB. */
  public static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.1f MiB", bytes / (1024.0 * 1024.0));
  }

  public static String decimal(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
