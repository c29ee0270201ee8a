package dev.conveyor.core.plan;

import dev.conveyor.core.InvalidInputException;
import java.util.Locale;

/**
 * What a candidate exposed to a small slice of traffic is judged against.
 *
 * <p>A freshly started process is slower than one that has served for hours: its JIT has not
 * compiled the hot paths, its caches and connection pools are empty. Judged against the
 * long-running fleet, a good candidate looks like a latency regression, and at a 1% share it
 * receives too few requests to warm up within any reasonable warm-up period. Netflix's Kayenta
 * practice is to launch a fresh copy of the old version beside the canary, at the same weight and
 * at the same moment, and to compare the two: both are equally cold and see the same traffic, so
 * what differs is the version.
 */
public enum BaselineChoice {
  /** A fresh instance of the old version beside the candidate, at the same weight (the default). */
  FRESH,
  /** The instances of the old version that are serving now. */
  FLEET;

  /** The lowercase name used in the API, the CLI and plans: {@code fresh} or {@code fleet}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code fresh} or {@code fleet}, or an error naming the value and the choices. */
  public static BaselineChoice parse(String text) {
    for (BaselineChoice choice : values()) {
      if (choice.label().equals(text)) {
        return choice;
      }
    }
    throw new InvalidInputException(
        "baseline '"
            + text
            + "' is not known: choose fresh (a new instance of the old version beside the"
            + " candidate) or fleet (the instances serving now)");
  }
}
