package dev.conveyor.core.testing;

import dev.conveyor.core.event.EventCodec;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.HashChain;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.StoredEvent;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.history.EventStore;
import dev.conveyor.core.history.SequenceConflictException;
import dev.conveyor.core.history.Snapshot;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A hand-written {@link EventStore} fake for core tests: events in a list, nothing on disk. Stores
 * opened on the same {@link Backing} share it, as a reopened file would.
 */
public final class InMemoryEventStore implements EventStore {
  /** The storage that stores opened on it share. */
  public static final class Backing {
    final List<StoredEvent> events = new ArrayList<>();
    final List<Instant> times = new ArrayList<>();
    final TreeMap<Long, Snapshot> snapshots = new TreeMap<>();
  }

  private final Backing backing;
  private final InstantSource clock;

  public InMemoryEventStore(Backing backing, InstantSource clock) {
    this.backing = backing;
    this.clock = clock;
  }

  public static InMemoryEventStore fresh(InstantSource clock) {
    return new InMemoryEventStore(new Backing(), clock);
  }

  @Override
  public CompletableFuture<List<RecordedEvent>> appendAsync(
      long expectedLastSeq, List<EventDraft> drafts) {
    synchronized (backing) {
      long last = backing.events.size();
      if (expectedLastSeq != ANY && expectedLastSeq != last) {
        return CompletableFuture.failedFuture(new SequenceConflictException(expectedLastSeq, last));
      }
      HashChain.Head head =
          last == 0
              ? HashChain.Head.EMPTY
              : new HashChain.Head(
                  last,
                  backing.times.get((int) last - 1),
                  backing.events.get((int) last - 1).hash());
      List<RecordedEvent> out = new ArrayList<>();
      for (EventDraft draft : drafts) {
        HashChain.Sealed sealed = HashChain.seal(head, draft, clock.instant());
        backing.events.add(sealed.stored());
        backing.times.add(sealed.recorded().time());
        out.add(sealed.recorded());
        head = sealed.head();
      }
      return CompletableFuture.completedFuture(out);
    }
  }

  @Override
  public long lastSeq() {
    synchronized (backing) {
      return backing.events.size();
    }
  }

  @Override
  public Optional<RecordedEvent> read(long seq) {
    synchronized (backing) {
      if (seq < 1 || seq > backing.events.size()) {
        return Optional.empty();
      }
      return Optional.of(EventCodec.decode(backing.events.get((int) seq - 1)));
    }
  }

  @Override
  public List<RecordedEvent> read(EventQuery query) {
    synchronized (backing) {
      List<RecordedEvent> matching = new ArrayList<>();
      for (StoredEvent stored : backing.events) {
        if (stored.seq() > query.afterSeq() && stored.seq() <= query.untilSeq()) {
          RecordedEvent event = EventCodec.decode(stored);
          if (query.service() == null || query.service().equals(event.event().service())) {
            matching.add(event);
          }
        }
      }
      if (query.newestFirst()) {
        java.util.Collections.reverse(matching);
      }
      return List.copyOf(matching.subList(0, Math.min(query.limit(), matching.size())));
    }
  }

  @Override
  public void scan(long fromSeq, long toSeq, Consumer<RecordedEvent> consumer) {
    scanStored(fromSeq, toSeq, stored -> consumer.accept(EventCodec.decode(stored)));
  }

  @Override
  public void scanStored(long fromSeq, long toSeq, Consumer<StoredEvent> consumer) {
    List<StoredEvent> copy;
    synchronized (backing) {
      copy = List.copyOf(backing.events);
    }
    for (StoredEvent stored : copy) {
      if (stored.seq() >= fromSeq && stored.seq() <= toSeq) {
        consumer.accept(stored);
      }
    }
  }

  @Override
  public long seqAt(Instant time) {
    synchronized (backing) {
      long seq = 0;
      for (int i = 0; i < backing.times.size() && !backing.times.get(i).isAfter(time); i++) {
        seq = i + 1;
      }
      return seq;
    }
  }

  @Override
  public void saveSnapshot(Snapshot snapshot) {
    synchronized (backing) {
      backing.snapshots.putIfAbsent(snapshot.seq(), snapshot);
    }
  }

  @Override
  public Optional<Snapshot> snapshotAtOrBefore(long seq) {
    synchronized (backing) {
      return Optional.ofNullable(backing.snapshots.floorEntry(seq))
          .map(java.util.Map.Entry::getValue);
    }
  }

  @Override
  public List<Long> snapshotSeqs() {
    synchronized (backing) {
      return List.copyOf(backing.snapshots.keySet());
    }
  }

  /** Replaces the stored snapshot at its sequence as it is, for tamper tests. */
  public void tamperSnapshot(Snapshot replacement) {
    synchronized (backing) {
      backing.snapshots.put(replacement.seq(), replacement);
    }
  }

  /** Replaces the stored event {@code seq} as it is, for tamper tests. */
  public void tamper(long seq, StoredEvent replacement) {
    synchronized (backing) {
      backing.events.set((int) seq - 1, replacement);
    }
  }

  @Override
  public void close() {}
}
