package dev.conveyor.core.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The duration syntax of config files: whole numbers with units {@code d}, {@code h}, {@code m},
 * {@code s} and {@code ms}, largest first and each at most once, e.g. {@code 30s}, {@code 250ms},
 * {@code 1m30s}.
 */
public final class Durations {
  /** The longest duration accepted, in days: what fits in a {@code long} count of nanoseconds. */
  static final long MAX_DAYS = Long.MAX_VALUE / ChronoUnit.DAYS.getDuration().toNanos();

  private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
  private static final ChronoUnit[] CHRONO_UNITS = {
    ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS, ChronoUnit.MILLIS
  };

  private Durations() {}

  /**
   * The duration {@code text} spells, or null when it is not in the syntax.
   *
   * @throws ArithmeticException when the duration does not fit in a {@code long} count of
   *     nanoseconds (just over {@link #MAX_DAYS} days)
   */
  public static Duration parse(String text) {
    if (text.isEmpty()) {
      return null;
    }
    Duration total = Duration.ZERO;
    int nextUnit = 0;
    int i = 0;
    while (i < text.length()) {
      int digits = i;
      while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        i++;
      }
      if (i == digits) {
        return null;
      }
      int unit = unitAt(text, i, nextUnit);
      if (unit < 0) {
        return null;
      }
      long amount = digitsValue(text, digits, i);
      total = total.plus(Duration.of(amount, CHRONO_UNITS[unit]));
      i += UNITS[unit].length();
      nextUnit = unit + 1;
    }
    total.toNanos(); // throws ArithmeticException when too long
    return total;
  }

  /** The index in {@link #UNITS} of the unit at {@code i}, if it is {@code from} or smaller. */
  private static int unitAt(String text, int i, int from) {
    // "ms" before "m", so that 5ms is not read as 5m followed by junk.
    if (text.startsWith("ms", i)) {
      return from <= 4 ? 4 : -1;
    }
    for (int unit = from; unit < 4; unit++) {
      if (text.startsWith(UNITS[unit], i)) {
        return unit;
      }
    }
    return -1;
  }

  private static long digitsValue(String text, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value = Math.addExact(Math.multiplyExact(value, 10), text.charAt(i) - '0');
    }
    return value;
  }
}
