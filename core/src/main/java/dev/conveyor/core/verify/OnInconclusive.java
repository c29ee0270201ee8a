package dev.conveyor.core.verify;

import java.util.Locale;

/** What a verify step that reaches its maximum duration without a decision asks the controller. */
public enum OnInconclusive {
  /** Treat it as a failed verification: roll the candidate back. */
  FAIL,
  /** Ask a person to approve or reject, showing the evidence. */
  APPROVE;

  /** The lower-case name used in plan files and JSON, e.g. {@code approve}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
