package dev.conveyor.core.history;

import static dev.conveyor.core.instance.ActivationState.ACTIVE;
import static dev.conveyor.core.instance.ActivationState.STANDBY;
import static dev.conveyor.core.instance.ActivationState.STARTING;
import static dev.conveyor.core.testing.Events.CHECKOUT_PROD;
import static dev.conveyor.core.testing.Events.changed;
import static dev.conveyor.core.testing.Events.draft;
import static dev.conveyor.core.testing.Events.launched;
import static dev.conveyor.core.testing.Events.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.StoredEvent;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.IllegalTransitionException;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.testing.InMemoryEventStore;
import dev.conveyor.core.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HistoryTests {
  private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
  private final InMemoryEventStore.Backing backing = new InMemoryEventStore.Backing();
  private final InMemoryEventStore store = new InMemoryEventStore(backing, clock);

  private History history(long snapshotInterval) {
    return new History(store, snapshotInterval);
  }

  private static void record(History history, Event... events) {
    for (Event event : events) {
      history.record(state -> List.of(draft(event)));
    }
  }

  @Nested
  class Recording {
    @Test
    void record_appendsAndAdvancesTheCurrentState() {
      History history = history(100);
      record(history, registered("checkout", "v1"), launched("checkout-a1", CHECKOUT_PROD, "v1"));
      assertThat(history.current().seq()).isEqualTo(2);
      assertThat(history.current().fleet(CHECKOUT_PROD)).hasSize(1);
    }

    @Test
    void record_illegalChange_throwsAndRecordsNothing() {
      History history = history(100);
      record(history, registered("checkout", "v1"), launched("checkout-a1", CHECKOUT_PROD, "v1"));
      assertThatThrownBy(
              () -> record(history, changed("checkout-a1", CHECKOUT_PROD, STARTING, ACTIVE, 100)))
          .isInstanceOf(IllegalTransitionException.class);
      assertThat(store.lastSeq()).isEqualTo(2);
    }

    @Test
    void record_historyMovedMeanwhile_decidesAgainOnTheNewState() {
      History mine = history(100);
      History theirs = new History(new InMemoryEventStore(backing, clock), 100);
      record(mine, registered("checkout", "v1"));
      AtomicInteger decisions = new AtomicInteger();
      List<Long> seenSeqs = new ArrayList<>();

      List<RecordedEvent> recorded =
          mine.record(
              state -> {
                seenSeqs.add(state.seq());
                if (decisions.incrementAndGet() == 1) {
                  record(theirs, registered("checkout", "v2")); // another controller gets in first
                }
                return List.of(draft(launched("checkout-a1", CHECKOUT_PROD, "v1")));
              });

      assertThat(decisions).hasValue(2);
      assertThat(seenSeqs).containsExactly(1L, 2L);
      assertThat(recorded).singleElement().extracting(RecordedEvent::seq).isEqualTo(3L);
    }

    @Test
    void record_nothingDecided_recordsNothing() {
      History history = history(100);
      assertThat(history.record(state -> List.of())).isEmpty();
      assertThat(store.lastSeq()).isZero();
    }

    @Test
    void append_staleExpectation_isASequenceConflict() {
      History history = history(100);
      record(history, registered("checkout", "v1"));
      assertThatThrownBy(() -> history.append(0, List.of(draft(registered("checkout", "v2")))))
          .isInstanceOf(SequenceConflictException.class)
          .hasMessageContaining("expected it to end at sequence 0 but it ends at 1");
    }
  }

  @Nested
  class StateAtAnyMoment {
    /** A seeded random walk of legal changes over a few instances. */
    private List<Event> randomWalk(int length, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      List<Event> events = new ArrayList<>();
      events.add(registered("checkout", "v1"));
      List<String> live = new ArrayList<>();
      java.util.Map<String, ActivationState> states = new java.util.HashMap<>();
      java.util.Map<String, Integer> weights = new java.util.HashMap<>();
      int next = 0;
      while (events.size() < length) {
        if (live.size() < 3 || random.nextInt(10) == 0) {
          String id = "checkout-i" + next++;
          events.add(launched(id, CHECKOUT_PROD, "v1"));
          live.add(id);
          states.put(id, STARTING);
          continue;
        }
        String id = live.get(random.nextInt(live.size()));
        ActivationState from = states.get(id);
        List<ActivationState> options = new ArrayList<>(from.next());
        ActivationState to = options.get(random.nextInt(options.size()));
        int weight = to == ACTIVE ? 1 + random.nextInt(10_000) : 0;
        if (from == ACTIVE && to == ACTIVE && weights.getOrDefault(id, 0) == weight) {
          continue;
        }
        events.add(changed(id, CHECKOUT_PROD, from, to, weight));
        if (to == ActivationState.STOPPED) {
          live.remove(id);
        }
        states.put(id, to);
        weights.put(id, weight);
      }
      return events;
    }

    @Test
    void at_everySequence_equalsAFoldFromTheStart() {
      History history = history(7);
      List<Event> events = randomWalk(120, 3);
      for (Event event : events) {
        record(history, event);
        clock.advance(Duration.ofSeconds(1));
      }
      assertThat(store.snapshotSeqs()).hasSizeGreaterThanOrEqualTo(15);
      List<RecordedEvent> all = store.read(EventQuery.all(1000));
      for (int seq = 0; seq <= all.size(); seq++) {
        SystemState naive = SystemState.empty().fold(all.subList(0, seq));
        SystemState viaHistory = history.at(seq);
        assertThat(viaHistory.seq()).isEqualTo(seq);
        assertThat(viaHistory.instances()).containsExactlyInAnyOrderElementsOf(naive.instances());
        assertThat(viaHistory.hash()).isEqualTo(naive.hash());
      }
    }

    @Test
    void snapshot_keepsExposuresAndEndpoints() {
      History history = history(2);
      record(
          history,
          registered("checkout", "v1"),
          new dev.conveyor.core.event.FleetExposed(CHECKOUT_PROD, 8100),
          launched("checkout-a1", CHECKOUT_PROD, "v1"),
          dev.conveyor.core.testing.Events.started("checkout-a1", CHECKOUT_PROD, 41000));
      Snapshot snapshot = store.snapshotAtOrBefore(4).orElseThrow();
      SystemState restored = StateCodec.restore(snapshot);
      assertThat(restored.exposure(CHECKOUT_PROD)).contains(8100);
      assertThat(restored.instance(InstanceId.of("checkout-a1")).orElseThrow().endpoint().port())
          .isEqualTo(41000);
      assertThat(restored.instances())
          .containsExactlyInAnyOrderElementsOf(history.current().instances());
    }

    @Test
    void snapshot_keepsTheLatestScorings() {
      History history = history(2);
      var scored = dev.conveyor.core.testing.Events.scored("checkout", "v1", true);
      record(history, registered("checkout", "v1"), scored);
      Snapshot snapshot = store.snapshotAtOrBefore(2).orElseThrow();
      SystemState restored = StateCodec.restore(snapshot);
      assertThat(restored.scores(scored.artifact()))
          .isEqualTo(history.current().scores(scored.artifact()));
      assertThat(restored.scores(scored.artifact()).get(scored.environment()).scored())
          .isEqualTo(scored);
    }

    @Test
    void at_time_isTheStateAfterTheLastEventAtOrBeforeIt() {
      History history = history(100);
      record(history, registered("checkout", "v1"), launched("checkout-a1", CHECKOUT_PROD, "v1"));
      clock.advance(Duration.ofMinutes(10));
      record(history, changed("checkout-a1", CHECKOUT_PROD, STARTING, STANDBY, 0));

      assertThat(
              history.at(clock.instant().minusSeconds(60)).instance(InstanceId.of("checkout-a1")))
          .get()
          .extracting(Instance::state)
          .isEqualTo(STARTING);
      assertThat(history.at(clock.instant()).instance(InstanceId.of("checkout-a1")))
          .get()
          .extracting(Instance::state)
          .isEqualTo(STANDBY);
      assertThat(history.at(clock.instant().minusSeconds(3600)).seq()).isZero();
    }

    @Test
    void at_beyondTheEnd_isNotFound() {
      History history = history(100);
      record(history, registered("checkout", "v1"));
      assertThatThrownBy(() -> history.at(5))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("there is no event 5 in the history: it ends at sequence 1");
    }

    @Test
    void newHistory_onAnExistingStore_catchesUp() {
      History first = history(3);
      record(
          first,
          registered("checkout", "v1"),
          launched("checkout-a1", CHECKOUT_PROD, "v1"),
          changed("checkout-a1", CHECKOUT_PROD, STARTING, STANDBY, 0),
          changed("checkout-a1", CHECKOUT_PROD, STANDBY, ACTIVE, 10_000),
          launched("checkout-a2", CHECKOUT_PROD, "v1"));
      History second = new History(new InMemoryEventStore(backing, clock), 3);
      assertThat(second.current().seq()).isEqualTo(5);
      assertThat(second.current().fleet(CHECKOUT_PROD)).hasSize(2);
    }
  }

  @Nested
  class Verification {
    private History recorded() {
      History history = history(2);
      record(
          history,
          registered("checkout", "v1"),
          launched("checkout-a1", CHECKOUT_PROD, "v1"),
          changed("checkout-a1", CHECKOUT_PROD, STARTING, STANDBY, 0),
          changed("checkout-a1", CHECKOUT_PROD, STANDBY, ACTIVE, 10_000));
      return history;
    }

    @Test
    void verify_intactChain_reportsTheCount() {
      ChainReport report = recorded().verify();
      assertThat(report.intact()).isTrue();
      assertThat(report.summary())
          .isEqualTo("history verified: 4 events, hash chain intact up to sequence 4");
    }

    @Test
    void verify_alteredPayload_namesThatSequence() {
      History history = recorded();
      StoredEvent original = storedAt(3);
      store.tamper(
          3,
          new StoredEvent(
              3,
              original.payload().replace("standby", "shadow"),
              original.prevHash(),
              original.hash()));

      ChainReport report = history.verify();
      assertThat(report.firstBrokenSeq()).isEqualTo(3);
      assertThat(report.checked()).isEqualTo(2);
      assertThat(report.summary())
          .startsWith("history broken at sequence 3: its content does not match its hash");
    }

    @Test
    void verify_rehashedButUnlinkedEvent_namesTheNextSequence() {
      History history = recorded();
      StoredEvent original = storedAt(2);
      String payload = original.payload().replace("checkout-a1", "checkout-a9");
      // A tamperer who recomputes this event's hash still breaks the link to event 3.
      store.tamper(
          2,
          new StoredEvent(
              2,
              payload,
              original.prevHash(),
              dev.conveyor.core.event.HashChain.hash(original.prevHash(), payload)));
      assertThat(history.verify().firstBrokenSeq()).isEqualTo(3);
    }

    @Test
    void verify_alteredSnapshot_isReportedAndNotUsed() {
      History history = recorded();
      Snapshot good = store.snapshotAtOrBefore(4).orElseThrow();
      assertThat(good.seq()).isEqualTo(4);
      store.tamperSnapshot(
          new Snapshot(
              4, good.eventHash(), good.payload().replace("active", "shadow"), good.digest()));

      ChainReport report = history.verify();
      assertThat(report.firstBrokenSeq()).isEqualTo(4);
      assertThat(report.problem())
          .isEqualTo("snapshot at 4 does not match its digest: it was altered");
      History fresh = new History(new InMemoryEventStore(backing, clock), 2);
      assertThat(fresh.at(4).instance(InstanceId.of("checkout-a1")).orElseThrow().state())
          .isEqualTo(ACTIVE);
    }

    private StoredEvent storedAt(long seq) {
      List<StoredEvent> found = new ArrayList<>();
      store.scanStored(seq, seq, found::add);
      return found.get(0);
    }
  }

  @Test
  void fleetKeyOfAnotherEnvironment_isSeparate() {
    History history = history(100);
    FleetKey staging = FleetKey.of("checkout", "staging");
    record(
        history,
        registered("checkout", "v1"),
        launched("checkout-s1", staging, "v1"),
        launched("checkout-a1", CHECKOUT_PROD, "v1"));
    assertThat(history.current().fleet(staging))
        .extracting(Instance::id)
        .containsExactly(InstanceId.of("checkout-s1"));
  }
}
