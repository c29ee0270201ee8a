package dev.conveyor.bench.history;

import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.StoredEvent;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.history.EventStore;
import dev.conveyor.core.history.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A view of a store that has no snapshots (and keeps none), so that {@code History} replays every
 * state from the first event. Closing it leaves the store open.
 */
final class NoSnapshots implements EventStore {
  private final EventStore store;

  NoSnapshots(EventStore store) {
    this.store = store;
  }

  @Override
  public CompletableFuture<List<RecordedEvent>> appendAsync(
      long expectedLastSeq, List<EventDraft> drafts) {
    return store.appendAsync(expectedLastSeq, drafts);
  }

  @Override
  public long lastSeq() {
    return store.lastSeq();
  }

  @Override
  public Optional<RecordedEvent> read(long seq) {
    return store.read(seq);
  }

  @Override
  public List<RecordedEvent> read(EventQuery query) {
    return store.read(query);
  }

  @Override
  public void scan(long fromSeq, long toSeq, Consumer<RecordedEvent> consumer) {
    store.scan(fromSeq, toSeq, consumer);
  }

  @Override
  public void scanStored(long fromSeq, long toSeq, Consumer<StoredEvent> consumer) {
    store.scanStored(fromSeq, toSeq, consumer);
  }

  @Override
  public long seqAt(Instant time) {
    return store.seqAt(time);
  }

  @Override
  public void saveSnapshot(Snapshot snapshot) {
    // kept nowhere
  }

  @Override
  public Optional<Snapshot> snapshotAtOrBefore(long seq) {
    return Optional.empty();
  }

  @Override
  public List<Long> snapshotSeqs() {
    return List.of();
  }

  @Override
  public void close() {
    // the store belongs to whoever opened it
  }
}
