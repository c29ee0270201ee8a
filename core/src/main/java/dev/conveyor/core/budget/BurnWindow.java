package dev.conveyor.core.budget;

import java.time.Duration;
import java.util.List;

/**
 * A multi-window burn-rate alert of the Google SRE workbook: it fires when the burn rate over both
 * its long window and its short window reaches the factor (the short one makes it stop soon after
 * the burning does).
 */
public record BurnWindow(Duration longWindow, Duration shortWindow, double factor, Level level) {
  /** How loud an alert is. */
  public enum Level {
    OK("ok"),
    TICKET("ticket"),
    PAGE("page"),
    EXHAUSTED("exhausted");

    private final String label;

    Level(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** 1 h & 5 min at 14.4× and 6 h & 30 min at 6× page; 3 d & 6 h at 1× is a ticket. */
  public static final List<BurnWindow> WORKBOOK =
      List.of(
          new BurnWindow(Duration.ofHours(1), Duration.ofMinutes(5), 14.4, Level.PAGE),
          new BurnWindow(Duration.ofHours(6), Duration.ofMinutes(30), 6, Level.PAGE),
          new BurnWindow(Duration.ofDays(3), Duration.ofHours(6), 1, Level.TICKET));

  /** {@code 1h & 5m ≥ 14.4×}. */
  public String describe() {
    return text(longWindow) + " & " + text(shortWindow) + " ≥ " + number(factor) + "×";
  }

  static String text(Duration d) {
    if (d.toDays() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0 && d.toMinutesPart() == 0) {
      return d.toHours() + "h";
    }
    return d.toMinutes() + "m";
  }

  static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
