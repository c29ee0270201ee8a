package dev.conveyor.core.history;

import dev.conveyor.core.testing.InMemoryEventStore;
import java.time.InstantSource;

/** The store contract, run against the in-memory fake that core tests rely on. */
class InMemoryEventStoreTests extends EventStoreContract {
  private final InMemoryEventStore.Backing backing = new InMemoryEventStore.Backing();

  @Override
  protected EventStore open(InstantSource clock) {
    return new InMemoryEventStore(backing, clock);
  }
}
