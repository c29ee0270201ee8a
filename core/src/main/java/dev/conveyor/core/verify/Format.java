package dev.conveyor.core.verify;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** How evidence writes numbers for people: root locale, thousands separators, few decimals. */
final class Format {
  private Format() {}

  /** A count with thousands separators: {@code 10,050}. */
  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** A number as short as it goes: {@code 2}, {@code 0.01}, {@code 2.5}. */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
  }

  /** A ratio as a percentage with two decimals: {@code 1.14%}. */
  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * ratio);
  }

  /** A ratio with three significant digits or so: {@code 0.32×}, {@code 9.00×}, {@code 12.7×}. */
  static String times(double ratio) {
    return String.format(Locale.ROOT, ratio < 10 ? "%.2f×" : "%.1f×", ratio);
  }

  /** A percentage limit as written: {@code 5%}, {@code 0.1%}. */
  static String percentLimit(double ratio) {
    return number(new BigDecimal(Double.toString(ratio)).movePointRight(2).doubleValue()) + "%";
  }

  /** A statistic in nats, with two decimals and a real minus sign: {@code −3.01}. */
  static String nats(double value) {
    return String.format(Locale.ROOT, "%.2f", value).replace('-', '−');
  }

  /** A probability in scientific notation: {@code 2.4e-7}. */
  static String probability(double value) {
    return String.format(Locale.ROOT, "%.1e", value).replace("e-0", "e-").replace("e+00", "");
  }

  /** Milliseconds: {@code 212 ms}. */
  static String millis(Duration duration) {
    return count(duration.toMillis()) + " ms";
  }

  /** A duration as people write it: {@code 45s}, {@code 4m 12s}, {@code 1h}, {@code 250ms}. */
  static String duration(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      return duration.toMillis() + "ms";
    }
    long seconds = duration.getSeconds();
    StringBuilder out = new StringBuilder();
    append(out, seconds / 86_400, "d");
    append(out, seconds / 3600 % 24, "h");
    append(out, seconds / 60 % 60, "m");
    append(out, seconds % 60, "s");
    return out.toString();
  }

  private static void append(StringBuilder out, long amount, String unit) {
    if (amount > 0) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(amount).append(unit);
    }
  }
}
