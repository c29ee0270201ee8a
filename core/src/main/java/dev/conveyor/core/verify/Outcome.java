package dev.conveyor.core.verify;

import dev.conveyor.core.InvalidInputException;
import java.util.Locale;

/** Where a verification, or one of its judges, stands: still running, or decided one way. */
public enum Outcome {
  /** Not decided yet: more seconds of traffic are needed. */
  RUNNING,
  /** The candidate is no worse than the baseline by the judge's rule. */
  PASS,
  /** The candidate is worse than the baseline, or breaks an absolute limit. */
  FAIL,
  /** The step reached its maximum duration without a decision. */
  INCONCLUSIVE;

  /** The lower-case name used in JSON and on screen, e.g. {@code pass}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome whose {@link #label()} is {@code label}. */
  public static Outcome ofLabel(String label) {
    for (Outcome outcome : values()) {
      if (outcome.label().equals(label)) {
        return outcome;
      }
    }
    throw new InvalidInputException(
        "unknown outcome '" + label + "'; expected running, pass, fail or inconclusive");
  }

  /** True for every outcome but {@link #RUNNING}. */
  public boolean decided() {
    return this != RUNNING;
  }
}
