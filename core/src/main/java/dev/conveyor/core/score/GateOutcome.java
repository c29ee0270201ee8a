package dev.conveyor.core.score;

import java.util.Arrays;
import java.util.Optional;

/** What a gate decided: go on, wait for a sign-off, or stop. */
public enum GateOutcome {
  /** The artifact moves on to the next environment. */
  GO("go"),
  /** The artifact moves on only once an approver who is not its author signs off. */
  AWAITING_SIGNOFF("awaiting_signoff"),
  /** The artifact stops here. */
  NO_GO("no_go");

  private final String label;

  GateOutcome(String label) {
    this.label = label;
  }

  /** The name used in events and the API, e.g. {@code awaiting_signoff}. */
  public String label() {
    return label;
  }

  public static Optional<GateOutcome> byLabel(String label) {
    return Arrays.stream(values()).filter(o -> o.label.equals(label)).findFirst();
  }

  @Override
  public String toString() {
    return label;
  }
}
