package dev.conveyor.core.history;

import static dev.conveyor.core.testing.Events.CHECKOUT_PROD;
import static dev.conveyor.core.testing.Events.changed;
import static dev.conveyor.core.testing.Events.draft;
import static dev.conveyor.core.testing.Events.drafts;
import static dev.conveyor.core.testing.Events.launched;
import static dev.conveyor.core.testing.Events.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.event.Event;
import dev.conveyor.core.event.EventCodec;
import dev.conveyor.core.event.HashChain;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.StoredEvent;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventStore} must have. An implementation's test class extends this and
 * says how to open a store on the test's own storage; opening twice in one test must reach the same
 * storage, which is how durability across a restart is checked.
 */
public abstract class EventStoreContract {
  protected final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
  private final List<EventStore> opened = new ArrayList<>();

  /** Opens a store on this test's storage. */
  protected abstract EventStore open(InstantSource clock);

  private EventStore store() {
    EventStore store = open(clock);
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(EventStore::close);
  }

  @Test
  void emptyStore_hasNothing() {
    EventStore store = store();
    assertThat(store.lastSeq()).isZero();
    assertThat(store.read(1)).isEmpty();
    assertThat(store.read(EventQuery.all(10))).isEmpty();
    assertThat(store.seqAt(Instant.parse("2030-01-01T00:00:00Z"))).isZero();
    assertThat(store.snapshotAtOrBefore(100)).isEmpty();
    assertThat(store.snapshotSeqs()).isEmpty();
  }

  @Test
  void append_numbersStampsAndChainsEvents() {
    EventStore store = store();
    List<RecordedEvent> first = store.append(0, drafts(registered("checkout", "v1")));
    clock.advance(Duration.ofSeconds(1));
    List<RecordedEvent> next =
        store.append(
            1,
            drafts(
                launched("checkout-a1", CHECKOUT_PROD, "v1"),
                changed(
                    "checkout-a1",
                    CHECKOUT_PROD,
                    ActivationState.STARTING,
                    ActivationState.STANDBY,
                    0)));

    assertThat(first).extracting(RecordedEvent::seq).containsExactly(1L);
    assertThat(first.get(0).prevHash()).isEqualTo(HashChain.GENESIS);
    assertThat(first.get(0).time()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(next).extracting(RecordedEvent::seq).containsExactly(2L, 3L);
    assertThat(next.get(0).prevHash()).isEqualTo(first.get(0).hash());
    assertThat(next.get(1).prevHash()).isEqualTo(next.get(0).hash());
    assertThat(next.get(1).time()).isEqualTo(Instant.parse("2026-11-22T10:00:01Z"));
    assertThat(store.lastSeq()).isEqualTo(3);
    assertThat(store.read(2)).contains(next.get(0));
  }

  @Test
  void append_readBack_isEqualToWhatWasReturned() {
    EventStore store = store();
    List<RecordedEvent> appended =
        store.append(
            0, drafts(registered("checkout", "v1"), launched("checkout-a1", CHECKOUT_PROD, "v1")));
    assertThat(store.read(EventQuery.all(10))).isEqualTo(appended);
  }

  @Test
  void append_staleExpectedSeq_throwsConflictAndStoresNothing() {
    EventStore store = store();
    store.append(0, drafts(registered("checkout", "v1")));

    assertThatThrownBy(() -> store.append(0, drafts(registered("checkout", "v2"))))
        .isInstanceOf(SequenceConflictException.class)
        .hasMessage(
            "the history has moved on: expected it to end at sequence 0 but it ends at 1;"
                + " re-read the state and try again");
    assertThat(store.lastSeq()).isEqualTo(1);
  }

  @Test
  void append_expectedSeqAhead_throwsConflict() {
    EventStore store = store();
    assertThatThrownBy(() -> store.append(5, drafts(registered("checkout", "v1"))))
        .isInstanceOf(SequenceConflictException.class)
        .hasMessageContaining("expected it to end at sequence 5 but it ends at 0");
  }

  @Test
  void append_any_appendsAfterTheLast() {
    EventStore store = store();
    store.append(EventStore.ANY, drafts(registered("checkout", "v1")));
    List<RecordedEvent> second = store.append(EventStore.ANY, drafts(registered("checkout", "v2")));
    assertThat(second.get(0).seq()).isEqualTo(2);
  }

  @Test
  void append_nothing_returnsNothing() {
    EventStore store = store();
    assertThat(store.append(0, List.of())).isEmpty();
    assertThat(store.lastSeq()).isZero();
  }

  @Test
  void append_clockGoesBack_timesNeverDecrease() {
    EventStore store = store();
    store.append(0, drafts(registered("checkout", "v1")));
    clock.set(Instant.parse("2026-11-22T09:00:00Z"));
    RecordedEvent later = store.append(1, drafts(registered("checkout", "v2"))).get(0);
    assertThat(later.time()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
  }

  @Test
  void append_timesAreKeptToTheMicrosecond() {
    EventStore store = store();
    clock.set(Instant.parse("2026-11-22T10:00:00.123456789Z"));
    RecordedEvent event = store.append(0, drafts(registered("checkout", "v1"))).get(0);
    assertThat(event.time()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123456Z"));
    assertThat(store.read(1).orElseThrow().time()).isEqualTo(event.time());
  }

  @Test
  void reopen_keepsEveryAcknowledgedEvent() {
    EventStore store = store();
    List<RecordedEvent> appended =
        store.append(
            0, drafts(registered("checkout", "v1"), launched("checkout-a1", CHECKOUT_PROD, "v1")));
    store.close();

    EventStore reopened = store();
    assertThat(reopened.lastSeq()).isEqualTo(2);
    assertThat(reopened.read(EventQuery.all(10))).isEqualTo(appended);
    RecordedEvent third = reopened.append(2, drafts(registered("checkout", "v2"))).get(0);
    assertThat(third.prevHash()).isEqualTo(appended.get(1).hash());
  }

  @Test
  void concurrentAppends_allLandInOneGaplessChain() throws Exception {
    EventStore store = store();
    int threads = 8;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    store.append(EventStore.ANY, drafts(registered("svc-" + thread, "v" + i)));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.lastSeq()).isEqualTo(threads * perThread);
    String[] prev = {HashChain.GENESIS};
    long[] expected = {1};
    store.scanStored(
        1,
        store.lastSeq(),
        stored -> {
          assertThat(HashChain.check(prev[0], expected[0], stored)).isNull();
          prev[0] = stored.hash();
          expected[0]++;
        });
    assertThat(expected[0] - 1).isEqualTo(threads * perThread);
  }

  @Test
  void concurrentAppends_sameExpectedSeq_exactlyOneWins() throws Exception {
    EventStore store = store();
    store.append(0, drafts(registered("checkout", "v1")));
    List<CompletableFuture<List<RecordedEvent>>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(store.appendAsync(1, drafts(registered("checkout", "v" + (i + 2)))));
    }
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    int won = 0;
    for (CompletableFuture<List<RecordedEvent>> future : futures) {
      try {
        future.join();
        won++;
      } catch (RuntimeException e) {
        failures.add(e.getCause() == null ? e : e.getCause());
      }
    }
    assertThat(won).isEqualTo(1);
    assertThat(failures).hasSize(7).allMatch(SequenceConflictException.class::isInstance);
    assertThat(store.lastSeq()).isEqualTo(2);
  }

  @Test
  void read_query_filtersByServiceRangeLimitAndOrder() {
    EventStore store = store();
    FleetKey cart = FleetKey.of("cart", "production");
    store.append(
        0,
        drafts(
            registered("checkout", "v1"),
            registered("cart", "v1"),
            launched("checkout-a1", CHECKOUT_PROD, "v1"),
            launched("cart-b1", cart, "v1"),
            launched("checkout-a2", CHECKOUT_PROD, "v1")));

    assertThat(store.read(EventQuery.all(10).of(ServiceName.of("checkout"))))
        .extracting(RecordedEvent::seq)
        .containsExactly(1L, 3L, 5L);
    assertThat(store.read(EventQuery.all(2).after(1)))
        .extracting(RecordedEvent::seq)
        .containsExactly(2L, 3L);
    assertThat(store.read(EventQuery.all(10).until(3).reversed()))
        .extracting(RecordedEvent::seq)
        .containsExactly(3L, 2L, 1L);
    assertThat(store.read(EventQuery.all(1).of(ServiceName.of("cart")).reversed()))
        .extracting(RecordedEvent::seq)
        .containsExactly(4L);
  }

  @Test
  void scan_streamsTheRangeInOrder() {
    EventStore store = store();
    for (int i = 0; i < 20; i++) {
      store.append(EventStore.ANY, drafts(registered("checkout", "v" + i)));
    }
    List<Long> seen = new ArrayList<>();
    store.scan(5, 9, e -> seen.add(e.seq()));
    assertThat(seen).containsExactly(5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void scanStored_givesTheExactHashedPayload() {
    EventStore store = store();
    RecordedEvent event = store.append(0, drafts(registered("checkout", "v1"))).get(0);
    List<StoredEvent> stored = new ArrayList<>();
    store.scanStored(1, 1, stored::add);
    assertThat(stored).hasSize(1);
    assertThat(HashChain.hash(stored.get(0).prevHash(), stored.get(0).payload()))
        .isEqualTo(event.hash());
    assertThat(EventCodec.decode(stored.get(0))).isEqualTo(event);
  }

  @Test
  void seqAt_findsTheLastEventAtOrBeforeATime() {
    EventStore store = store();
    for (int i = 0; i < 5; i++) {
      store.append(EventStore.ANY, drafts(registered("checkout", "v" + i)));
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(store.seqAt(Instant.parse("2026-11-22T09:59:59Z"))).isZero();
    assertThat(store.seqAt(Instant.parse("2026-11-22T10:00:00Z"))).isEqualTo(1);
    assertThat(store.seqAt(Instant.parse("2026-11-22T10:02:30Z"))).isEqualTo(3);
    assertThat(store.seqAt(Instant.parse("2026-11-22T11:00:00Z"))).isEqualTo(5);
  }

  @Test
  void snapshots_areFoundAtOrBeforeASequence() {
    EventStore store = store();
    for (int i = 0; i < 6; i++) {
      store.append(EventStore.ANY, drafts(registered("checkout", "v" + i)));
    }
    Snapshot at2 = new Snapshot(2, store.read(2).orElseThrow().hash(), "{\"two\":2}", "d2");
    Snapshot at5 = new Snapshot(5, store.read(5).orElseThrow().hash(), "{\"five\":5}", "d5");
    store.saveSnapshot(at2);
    store.saveSnapshot(at5);
    store.saveSnapshot(new Snapshot(5, "other", "{}", "other"));

    assertThat(store.snapshotAtOrBefore(1)).isEmpty();
    assertThat(store.snapshotAtOrBefore(4)).contains(at2);
    assertThat(store.snapshotAtOrBefore(5)).contains(at5);
    assertThat(store.snapshotAtOrBefore(100)).contains(at5);
    assertThat(store.snapshotSeqs()).containsExactly(2L, 5L);
  }

  @Test
  void history_onThisStore_foldsAndVerifies() {
    EventStore store = store();
    History history = new History(store, 3);
    List<Event> events =
        List.of(
            registered("checkout", "v1"),
            launched("checkout-a1", CHECKOUT_PROD, "v1"),
            changed(
                "checkout-a1", CHECKOUT_PROD, ActivationState.STARTING, ActivationState.STANDBY, 0),
            changed(
                "checkout-a1",
                CHECKOUT_PROD,
                ActivationState.STANDBY,
                ActivationState.ACTIVE,
                10_000));
    for (Event event : events) {
      history.record(state -> List.of(draft(event)));
    }
    assertThat(store.snapshotSeqs()).containsExactly(3L);
    assertThat(history.verify().intact()).isTrue();
    assertThat(history.at(4).fleet(CHECKOUT_PROD))
        .singleElement()
        .satisfies(i -> assertThat(i.state()).isEqualTo(ActivationState.ACTIVE));
    assertThat(history.at(3).fleet(CHECKOUT_PROD))
        .singleElement()
        .satisfies(i -> assertThat(i.state()).isEqualTo(ActivationState.STANDBY));
  }
}
