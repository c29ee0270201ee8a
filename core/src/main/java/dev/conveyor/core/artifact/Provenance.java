package dev.conveyor.core.artifact;

import java.time.Instant;

/**
 * Where an artifact came from: the commit it was built from, its author, and when it was built.
 * Each part is null when unknown.
 */
public record Provenance(String commit, String author, Instant built) {
  public static final Provenance NONE = new Provenance(null, null, null);

  public boolean isEmpty() {
    return commit == null && author == null && built == null;
  }
}
