package dev.conveyor.core.budget;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a service level objective counts. */
public enum ObjectiveKind {
  /** Good requests over all: not 5xx, and under the latency limit when one is set. */
  AVAILABILITY("availability"),
  /** The share of requests answered under a threshold. */
  LATENCY("latency"),
  /** A business flow's rate per minute (e.g. successful checkouts); the unit is the minute. */
  FLOW("flow");

  private final String label;

  ObjectiveKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(ObjectiveKind::label).toList();
  }

  public static Optional<ObjectiveKind> byLabel(String label) {
    return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
  }

  @Override
  public String toString() {
    return label;
  }
}
