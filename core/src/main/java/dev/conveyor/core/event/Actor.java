package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;

/** Who caused an event: a token's name, or {@code conveyor} for the control plane itself. */
public record Actor(String name) {
  /** The control plane acting on its own (watchdog, controller, policy). */
  public static final Actor CONVEYOR = new Actor("conveyor");

  public Actor {
    Preconditions.present(name, "actor name");
    Preconditions.check(
        !name.isBlank() && name.length() <= 128 && name.strip().equals(name),
        "actor name '%s' is not valid: 1 to 128 characters, no surrounding spaces",
        name);
  }

  public static Actor of(String name) {
    return new Actor(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
