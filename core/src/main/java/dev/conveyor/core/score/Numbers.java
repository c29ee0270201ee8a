package dev.conveyor.core.score;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** How scores and counts are written for people: root locale, at most two decimals. */
public final class Numbers {
  private Numbers() {}

  /** A number as short as it goes, rounded to two decimals: {@code 80}, {@code 83.33}. */
  public static String number(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    BigDecimal rounded =
        new BigDecimal(Double.toString(value))
            .setScale(2, RoundingMode.HALF_UP)
            .stripTrailingZeros();
    return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
  }

  /** A count with thousands separators: {@code 1,024}. */
  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** {@code 1 error}, {@code 2 errors}. */
  static String count(long value, String one, String many) {
    return count(value) + " " + (value == 1 ? one : many);
  }

  /** A score, a weight or a percentage bound check: finite and within {@code [min, max]}. */
  static boolean within(double value, double min, double max) {
    return Double.isFinite(value) && value >= min && value <= max;
  }
}
