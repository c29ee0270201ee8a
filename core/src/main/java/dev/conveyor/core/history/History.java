package dev.conveyor.core.history;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.HashChain;
import dev.conveyor.core.event.RecordedEvent;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The definitive history of the system: the one way to record a change, and to see the state at any
 * moment. Every change is checked against the state it follows (the transition table, registered
 * artifacts) before it is appended; state at any sequence or time is a fold from the nearest
 * snapshot.
 */
public final class History {
  private static final System.Logger LOG = System.getLogger(History.class.getName());

  /** How often {@link #record} retries a decision when other appends moved the history on. */
  static final int MAX_ATTEMPTS = 16;

  private final EventStore store;
  private final long snapshotInterval;
  private SystemState head = SystemState.empty(); // guarded by this
  private long lastSnapshotSeq; // guarded by this

  /**
   * @param snapshotInterval take a snapshot after this many events since the last one, so that
   *     state at any moment replays at most this many events
   */
  public History(EventStore store, long snapshotInterval) {
    Preconditions.check(
        snapshotInterval >= 1, "snapshot interval must be 1 or more, got %s", snapshotInterval);
    this.store = store;
    this.snapshotInterval = snapshotInterval;
    List<Long> seqs = store.snapshotSeqs();
    this.lastSnapshotSeq = seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
  }

  public EventStore store() {
    return store;
  }

  /** The state after the last durable event. */
  public synchronized SystemState current() {
    long last = store.lastSeq();
    if (last > head.seq()) {
      head = head.seq() == 0 ? at(last) : foldOnto(head, last);
    }
    return head;
  }

  /**
   * Records the events that {@code decide} returns for the current state, after checking them
   * against it. If other appends move the history on meanwhile, decides again on the new state.
   * Returns the recorded events (none when {@code decide} returns none).
   */
  public List<RecordedEvent> record(Function<SystemState, List<EventDraft>> decide) {
    for (int attempt = 1; ; attempt++) {
      SystemState state = current();
      List<EventDraft> drafts = decide.apply(state);
      if (drafts.isEmpty()) {
        return List.of();
      }
      state.check(drafts.stream().map(EventDraft::event).toList());
      try {
        List<RecordedEvent> recorded = store.append(state.seq(), drafts);
        advance(state, recorded);
        return recorded;
      } catch (SequenceConflictException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new ConflictException(
              "the history kept moving while recording "
                  + describe(drafts)
                  + "; gave up after "
                  + attempt
                  + " attempts");
        }
      }
    }
  }

  /**
   * Appends {@code drafts} only if the history still ends at {@code expectedLastSeq}, after
   * checking them against the state there.
   */
  public List<RecordedEvent> append(long expectedLastSeq, List<EventDraft> drafts) {
    SystemState state = current();
    if (state.seq() != expectedLastSeq) {
      throw new SequenceConflictException(expectedLastSeq, state.seq());
    }
    state.check(drafts.stream().map(EventDraft::event).toList());
    List<RecordedEvent> recorded = store.append(expectedLastSeq, drafts);
    advance(state, recorded);
    return recorded;
  }

  private synchronized void advance(SystemState before, List<RecordedEvent> recorded) {
    if (head.seq() == before.seq() && !recorded.isEmpty()) {
      head = head.fold(recorded);
    }
    if (head.seq() - lastSnapshotSeq >= snapshotInterval) {
      snapshot(head);
    }
  }

  private void snapshot(SystemState state) {
    try {
      store.saveSnapshot(StateCodec.snapshot(state));
      lastSnapshotSeq = state.seq();
    } catch (RuntimeException e) {
      // A snapshot only saves replay time; failing to store one must never fail the change.
      LOG.log(Level.WARNING, "could not store a snapshot at sequence " + state.seq(), e);
    }
  }

  /** The state right after event {@code seq} (0 for the empty state). */
  public SystemState at(long seq) {
    long last = store.lastSeq();
    if (seq < 0 || seq > last) {
      throw new NotFoundException(
          "there is no event " + seq + " in the history: it ends at sequence " + last);
    }
    synchronized (this) {
      if (head.seq() == seq) {
        return head;
      }
    }
    SystemState base = nearestSnapshot(seq).orElse(SystemState.empty());
    return foldOnto(base, seq);
  }

  /** The state as it was at {@code time}: after the last event recorded at or before it. */
  public SystemState at(Instant time) {
    return at(store.seqAt(time));
  }

  private SystemState foldOnto(SystemState base, long untilSeq) {
    if (base.seq() == untilSeq) {
      return base;
    }
    SystemState.Folder folder = base.folder();
    store.scan(base.seq() + 1, untilSeq, folder::accept);
    return folder.state();
  }

  private Optional<SystemState> nearestSnapshot(long seq) {
    Optional<Snapshot> found = store.snapshotAtOrBefore(seq);
    while (found.isPresent()) {
      Snapshot snapshot = found.get();
      Restored restored = restore(snapshot);
      if (restored.state() != null) {
        return Optional.of(restored.state());
      }
      LOG.log(Level.WARNING, restored.problem() + "; replaying from an earlier point instead");
      found = snapshot.seq() <= 1 ? Optional.empty() : store.snapshotAtOrBefore(snapshot.seq() - 1);
    }
    return Optional.empty();
  }

  /** A snapshot's state, or why it cannot be trusted. */
  private record Restored(SystemState state, String problem) {}

  private Restored restore(Snapshot snapshot) {
    Optional<RecordedEvent> event = store.read(snapshot.seq());
    if (event.isEmpty() || !event.get().hash().equals(snapshot.eventHash())) {
      return new Restored(
          null, "snapshot at " + snapshot.seq() + " does not belong to the hash chain");
    }
    try {
      return new Restored(StateCodec.restore(snapshot), null);
    } catch (RuntimeException e) {
      return new Restored(null, e.getMessage());
    }
  }

  /**
   * Walks the whole hash chain and every snapshot; reports the first broken event, or a snapshot
   * that no longer matches the chain.
   */
  public ChainReport verify() {
    long last = store.lastSeq();
    long[] expectedSeq = {1};
    String[] prevHash = {HashChain.GENESIS};
    ChainReport[] broken = {null};
    store.scanStored(
        1,
        last,
        stored -> {
          if (broken[0] != null) {
            return;
          }
          String problem = HashChain.check(prevHash[0], expectedSeq[0], stored);
          if (problem != null) {
            broken[0] = new ChainReport(expectedSeq[0] - 1, last, expectedSeq[0], problem);
            return;
          }
          prevHash[0] = stored.hash();
          expectedSeq[0]++;
        });
    if (broken[0] != null) {
      return broken[0];
    }
    if (expectedSeq[0] - 1 != last) {
      return new ChainReport(
          expectedSeq[0] - 1,
          last,
          expectedSeq[0],
          "the event is missing (the history ends early)");
    }
    for (long seq : store.snapshotSeqs()) {
      Optional<Snapshot> snapshot = store.snapshotAtOrBefore(seq);
      String problem = snapshot.map(s -> restore(s).problem()).orElse(null);
      if (problem != null) {
        return new ChainReport(last, last, seq, problem);
      }
    }
    return ChainReport.intact(last, last);
  }

  private static String describe(List<EventDraft> drafts) {
    Event first = drafts.get(0).event();
    return drafts.size() == 1
        ? first.type()
        : first.type() + " and " + (drafts.size() - 1) + " more";
  }
}
