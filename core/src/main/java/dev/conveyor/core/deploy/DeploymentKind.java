package dev.conveyor.core.deploy;

import java.util.Locale;

/** A deployment that brings an artifact in, or one that undoes another (a rollback). */
public enum DeploymentKind {
  DEPLOY,
  ROLLBACK;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeploymentKind ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
