package dev.conveyor.core.config;

import java.util.Objects;

/**
 * A YAML scalar as written: its text (escapes resolved) and whether it was quoted, so that {@code
 * "8080"} (a string) can be told from {@code 8080} (a plain scalar a typed reader may read as a
 * number).
 *
 * <p>A plain {@code null}, {@code ~} or missing value is the empty, unquoted scalar: see {@link
 * #isNull()}.
 */
public record YamlScalar(String value, boolean quoted, int line) implements YamlNode {
  public YamlScalar {
    Objects.requireNonNull(value, "value");
  }

  /** The scalar that stands for "no value": {@code key:} with nothing after it, or {@code null}. */
  public static YamlScalar nullAt(int line) {
    return new YamlScalar("", false, line);
  }

  /** True for a plain {@code null}, {@code ~} or an empty value, which readers treat as absent. */
  public boolean isNull() {
    return !quoted && value.isEmpty();
  }
}
