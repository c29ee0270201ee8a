package dev.conveyor.core.history;

import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.StoredEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The history's storage: an append-only, hash-chained log of events, plus snapshots of folded
 * state.
 *
 * <p>Implementations must pass {@code EventStoreContract}. The promises:
 *
 * <ul>
 *   <li>An append returns (or its future completes) only once its events are durable.
 *   <li>Appends are all-or-nothing per call, and sequence numbers start at 1 with no gaps.
 *   <li>Optimistic concurrency: an append names the last sequence its author saw, and fails with a
 *       {@code ConflictException} naming both numbers if the history has moved on.
 *   <li>A failure to store raises {@code StorageException}, and stores nothing of that append.
 * </ul>
 */
public interface EventStore extends AutoCloseable {
  /** Passed as {@code expectedLastSeq} to append wherever the history currently ends. */
  long ANY = -1;

  /**
   * Appends {@code drafts} after event {@code expectedLastSeq} (or after the last event, for {@link
   * #ANY}) and completes once they are durable. Concurrent appends may share one durable commit.
   */
  CompletableFuture<List<RecordedEvent>> appendAsync(long expectedLastSeq, List<EventDraft> drafts);

  /** {@link #appendAsync}, waiting for durability; failures are rethrown as they are. */
  default List<RecordedEvent> append(long expectedLastSeq, List<EventDraft> drafts) {
    return Futures.join(appendAsync(expectedLastSeq, drafts));
  }

  /** The sequence number of the last durable event; 0 for an empty history. */
  long lastSeq();

  /** The event numbered {@code seq}, if there is one. */
  Optional<RecordedEvent> read(long seq);

  /** Events matching {@code query}, in sequence order (or reverse, if the query says so). */
  List<RecordedEvent> read(EventQuery query);

  /** Streams events {@code fromSeq..toSeq} (both inclusive) in order, without holding them all. */
  void scan(long fromSeq, long toSeq, Consumer<RecordedEvent> consumer);

  /** Streams events {@code fromSeq..toSeq} as stored, for checking the hash chain. */
  void scanStored(long fromSeq, long toSeq, Consumer<StoredEvent> consumer);

  /** The last sequence number recorded at or before {@code time}; 0 if none. */
  long seqAt(Instant time);

  /** Stores a snapshot of folded state; a snapshot already stored for that sequence is kept. */
  void saveSnapshot(Snapshot snapshot);

  /** The latest snapshot at or before {@code seq}, if any. */
  Optional<Snapshot> snapshotAtOrBefore(long seq);

  /** All stored snapshots' sequence numbers, ascending. */
  List<Long> snapshotSeqs();

  @Override
  void close();
}
