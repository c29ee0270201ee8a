package dev.conveyor.core.deploy;

import java.util.Locale;

/** How one step of a deployment ended. */
public enum StepOutcome {
  /** A change, launch, bake or approval that happened. */
  DONE,
  /** A verification that found no regression. */
  PASSED,
  /** A verification that found a regression, or a step that could not be done. */
  FAILED,
  /** A verification that reached its maximum duration undecided. */
  INCONCLUSIVE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StepOutcome ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
