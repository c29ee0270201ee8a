package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;

/** An event about to be appended: the store gives it its sequence number, time and hashes. */
public record EventDraft(Actor actor, Causation causation, Event event) {
  public EventDraft {
    Preconditions.present(actor, "actor");
    Preconditions.present(causation, "causation");
    Preconditions.present(event, "event");
  }
}
