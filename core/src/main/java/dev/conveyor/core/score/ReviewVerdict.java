package dev.conveyor.core.score;

import java.util.Arrays;
import java.util.Optional;

/** What a reviewer decided about an artifact: approved, or changes requested. */
public enum ReviewVerdict {
  APPROVED("approved"),
  CHANGES_REQUESTED("changes_requested");

  private final String label;

  ReviewVerdict(String label) {
    this.label = label;
  }

  /** The name used in events and the API, e.g. {@code changes_requested}. */
  public String label() {
    return label;
  }

  /** The verdict named {@code label}, if there is one. */
  public static Optional<ReviewVerdict> byLabel(String label) {
    return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst();
  }

  @Override
  public String toString() {
    return label;
  }
}
