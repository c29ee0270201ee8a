package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import java.util.Locale;

/**
 * What caused an event: a {@code command} (an API request, by name and request id), a {@code step}
 * of a plan (by deployment and step number), or the {@code system} itself (e.g. the watchdog seeing
 * a process exit).
 */
public record Causation(Kind kind, String id) {
  /** The three kinds of cause. */
  public enum Kind {
    COMMAND,
    STEP,
    SYSTEM;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind ofLabel(String label) {
      for (Kind kind : values()) {
        if (kind.label().equals(label)) {
          return kind;
        }
      }
      throw new dev.conveyor.core.InvalidInputException(
          "unknown causation kind '" + label + "': expected command, step or system");
    }
  }

  public Causation {
    Preconditions.present(kind, "causation kind");
    Preconditions.present(id, "causation id");
    Preconditions.check(!id.isBlank(), "causation id must not be blank");
  }

  public static Causation command(String id) {
    return new Causation(Kind.COMMAND, id);
  }

  public static Causation step(String deployment, int step) {
    return new Causation(Kind.STEP, deployment + "#" + step);
  }

  public static Causation system(String id) {
    return new Causation(Kind.SYSTEM, id);
  }

  @Override
  public String toString() {
    return kind.label() + ":" + id;
  }
}
