package dev.conveyor.core.deploy;

import java.util.Locale;

/** Where a deployment is: running or paused, or how it ended. */
public enum DeploymentStatus {
  RUNNING,
  PAUSED,
  /** Every step ran and passed. */
  SUCCEEDED,
  /** A step failed; a rollback deployment undid it. */
  FAILED,
  /** An operator stopped it; a rollback deployment undid it. */
  ABORTED;

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == ABORTED;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeploymentStatus ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
