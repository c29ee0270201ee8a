package dev.conveyor.server.store;

import dev.conveyor.core.history.EventStore;
import dev.conveyor.core.history.EventStoreContract;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, run against a real SQLite file. */
class SqliteEventStoreTests extends EventStoreContract {
  @TempDir Path dir;

  @Override
  protected EventStore open(InstantSource clock) {
    return SqliteEventStore.open(dir.resolve("history.db"), clock);
  }
}
