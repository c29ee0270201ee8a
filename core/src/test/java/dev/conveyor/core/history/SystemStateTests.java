package dev.conveyor.core.history;

import static dev.conveyor.core.instance.ActivationState.ACTIVE;
import static dev.conveyor.core.instance.ActivationState.DRAINING;
import static dev.conveyor.core.instance.ActivationState.STANDBY;
import static dev.conveyor.core.instance.ActivationState.STARTING;
import static dev.conveyor.core.instance.ActivationState.STOPPED;
import static dev.conveyor.core.testing.Events.CHECKOUT_PROD;
import static dev.conveyor.core.testing.Events.changed;
import static dev.conveyor.core.testing.Events.launched;
import static dev.conveyor.core.testing.Events.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.event.HashChain;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.IllegalTransitionException;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.testing.Events;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SystemStateTests {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  /** Seals events into a chain, as a store would, one second apart. */
  private static List<RecordedEvent> chain(Event... events) {
    List<RecordedEvent> out = new ArrayList<>();
    HashChain.Head head = HashChain.Head.EMPTY;
    for (int i = 0; i < events.length; i++) {
      HashChain.Sealed sealed = HashChain.seal(head, Events.draft(events[i]), T0.plusSeconds(i));
      out.add(sealed.recorded());
      head = sealed.head();
    }
    return out;
  }

  /** Seals events to follow {@code state}'s last event. */
  private static List<RecordedEvent> chainAfter(SystemState state, Event... events) {
    List<RecordedEvent> out = new ArrayList<>();
    HashChain.Head head = new HashChain.Head(state.seq(), state.time(), state.hash());
    for (Event event : events) {
      HashChain.Sealed sealed =
          HashChain.seal(head, Events.draft(event), state.time().plusSeconds(1));
      out.add(sealed.recorded());
      head = sealed.head();
    }
    return out;
  }

  private static SystemState fold(Event... events) {
    return SystemState.empty().fold(chain(events));
  }

  @Nested
  class Scores {
    @Test
    void scored_keepsTheLatestPerArtifactAndEnvironment() {
      var first = Events.scored("checkout", "v1", false);
      var second = Events.scored("checkout", "v1", true);
      SystemState state = fold(registered("checkout", "v1"), first, second);
      assertThat(state.scores(first.artifact())).containsOnlyKeys(EnvironmentName.DEV);
      var latest = state.scores(first.artifact()).get(EnvironmentName.DEV);
      assertThat(latest.scored()).isEqualTo(second);
      assertThat(latest.seq()).isEqualTo(3);
      assertThat(latest.time()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void unscoredArtifact_hasNoScores() {
      SystemState state = fold(registered("checkout", "v1"));
      assertThat(state.scores(Events.artifactId("checkout:v1"))).isEmpty();
    }
  }

  @Nested
  class Folding {
    @Test
    void launchAndChanges_giveTheFleet() {
      SystemState state =
          fold(
              registered("checkout", "v1"),
              launched("checkout-a1", CHECKOUT_PROD, "v1"),
              launched("checkout-a2", CHECKOUT_PROD, "v1"),
              changed("checkout-a1", CHECKOUT_PROD, STARTING, STANDBY, 0),
              changed("checkout-a1", CHECKOUT_PROD, STANDBY, ACTIVE, 10_000));

      assertThat(state.seq()).isEqualTo(5);
      assertThat(state.time()).isEqualTo(T0.plusSeconds(4));
      assertThat(state.fleet(CHECKOUT_PROD))
          .extracting(Instance::id, Instance::state, Instance::weight, Instance::seq)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(InstanceId.of("checkout-a1"), ACTIVE, 10_000, 5L),
              org.assertj.core.groups.Tuple.tuple(InstanceId.of("checkout-a2"), STARTING, 0, 3L));
      assertThat(state.fleets()).containsExactly(CHECKOUT_PROD);
      assertThat(state.artifacts()).hasSize(1);
    }

    @Test
    void stoppedInstances_leaveTheFleet() {
      SystemState state =
          fold(
              registered("checkout", "v1"),
              launched("checkout-a1", CHECKOUT_PROD, "v1"),
              changed("checkout-a1", CHECKOUT_PROD, STARTING, STANDBY, 0),
              changed("checkout-a1", CHECKOUT_PROD, STANDBY, ACTIVE, 100),
              changed("checkout-a1", CHECKOUT_PROD, ACTIVE, DRAINING, 0),
              changed("checkout-a1", CHECKOUT_PROD, DRAINING, STOPPED, 0));
      assertThat(state.fleet(CHECKOUT_PROD)).isEmpty();
      assertThat(state.fleets()).isEmpty();
      assertThat(state.instance(InstanceId.of("checkout-a1"))).isEmpty();
    }

    @Test
    void fold_leavesTheOriginalUnchanged() {
      SystemState before = fold(registered("checkout", "v1"));
      List<RecordedEvent> rest =
          chain(registered("checkout", "v1"), launched("checkout-a1", CHECKOUT_PROD, "v1"))
              .subList(1, 2);
      SystemState after = before.fold(rest);
      assertThat(before.instances()).isEmpty();
      assertThat(after.instances()).hasSize(1);
    }

    @Test
    void gap_isRefused() {
      List<RecordedEvent> events =
          chain(registered("checkout", "v1"), registered("checkout", "v2"));
      assertThatThrownBy(() -> SystemState.empty().fold(events.subList(1, 2)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("event 2 cannot follow event 0: the history has a gap");
    }
  }

  @Nested
  class Rules {
    private final SystemState base =
        fold(
            registered("checkout", "v1"),
            registered("cart", "v1"),
            launched("checkout-a1", CHECKOUT_PROD, "v1"));

    @Test
    void illegalTransition_namesInstanceFromAndTo() {
      assertThatThrownBy(
              () ->
                  base.check(List.of(changed("checkout-a1", CHECKOUT_PROD, STARTING, ACTIVE, 100))))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessage(
              "instance checkout-a1 cannot change from starting to active (allowed from starting:"
                  + " standby, stopped, failed)");
    }

    @Test
    void staleFromState_isAConflict() {
      assertThatThrownBy(
              () ->
                  base.check(List.of(changed("checkout-a1", CHECKOUT_PROD, STANDBY, ACTIVE, 100))))
          .isInstanceOf(ConflictException.class)
          .hasMessage("instance checkout-a1 is starting, not standby");
    }

    @Test
    void unknownInstance_isNotFound() {
      assertThatThrownBy(
              () ->
                  base.check(List.of(changed("checkout-zz", CHECKOUT_PROD, STARTING, STANDBY, 0))))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("instance checkout-zz does not exist or has stopped");
    }

    @Test
    void launch_unregisteredArtifact_saysToPushIt() {
      assertThatThrownBy(() -> base.check(List.of(launched("checkout-a2", CHECKOUT_PROD, "v9"))))
          .isInstanceOf(NotFoundException.class)
          .hasMessage(
              "artifact "
                  + Events.artifactId("checkout:v9")
                  + " is not registered; push it first with 'conveyor artifact push'");
    }

    @Test
    void launch_artifactOfAnotherService_isRefused() {
      FleetKey cartProd = FleetKey.of("cart", "production");
      assertThatThrownBy(
              () ->
                  base.check(
                      List.of(
                          new dev.conveyor.core.event.InstanceLaunched(
                              InstanceId.of("cart-b1"),
                              cartProd,
                              Events.artifactId("checkout:v1")))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "artifact "
                  + Events.artifactId("checkout:v1").shortForm()
                  + " belongs to service checkout, not cart");
    }

    @Test
    void launch_existingId_isAConflict() {
      assertThatThrownBy(() -> base.check(List.of(launched("checkout-a1", CHECKOUT_PROD, "v1"))))
          .isInstanceOf(ConflictException.class)
          .hasMessage("instance checkout-a1 already exists");
    }

    @Test
    void scored_unregisteredArtifact_saysToPushIt() {
      assertThatThrownBy(() -> base.check(List.of(Events.scored("checkout", "v9", true))))
          .isInstanceOf(NotFoundException.class)
          .hasMessage(
              "artifact "
                  + Events.artifactId("checkout:v9")
                  + " is not registered; push it first with 'conveyor artifact push'");
    }

    @Test
    void register_twice_isAConflict() {
      assertThatThrownBy(() -> base.check(List.of(registered("checkout", "v1"))))
          .isInstanceOf(ConflictException.class)
          .hasMessage("artifact " + Events.artifactId("checkout:v1") + " is already registered");
    }

    @Test
    void sameWeightAgain_isRefused() {
      assertThatThrownBy(
              () ->
                  base.check(
                      List.of(
                          changed("checkout-a1", CHECKOUT_PROD, STARTING, STANDBY, 0),
                          changed("checkout-a1", CHECKOUT_PROD, STANDBY, ACTIVE, 100),
                          changed("checkout-a1", CHECKOUT_PROD, ACTIVE, ACTIVE, 100))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("instance checkout-a1 already has weight 100");
    }

    @Test
    void wrongFleet_isRefused() {
      assertThatThrownBy(
              () ->
                  base.check(
                      List.of(
                          changed(
                              "checkout-a1",
                              FleetKey.of("checkout", "staging"),
                              STARTING,
                              STANDBY,
                              0))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "instance checkout-a1 belongs to fleet checkout/production, not checkout/staging");
    }

    @Test
    void started_recordsTheEndpoint_once() {
      SystemState state =
          base.fold(chainAfter(base, Events.started("checkout-a1", CHECKOUT_PROD, 41234)));
      assertThat(state.instance(InstanceId.of("checkout-a1")).orElseThrow().endpoint())
          .isEqualTo(dev.conveyor.core.instance.Endpoint.of("127.0.0.1", 41234));
      assertThatThrownBy(
              () -> state.check(List.of(Events.started("checkout-a1", CHECKOUT_PROD, 5))))
          .isInstanceOf(ConflictException.class)
          .hasMessage(
              "instance checkout-a1 cannot start at 127.0.0.1:5: it is starting at 127.0.0.1:41234");
    }

    @Test
    void started_afterReady_isAConflict() {
      assertThatThrownBy(
              () ->
                  base.check(
                      List.of(
                          changed("checkout-a1", CHECKOUT_PROD, STARTING, STANDBY, 0),
                          Events.started("checkout-a1", CHECKOUT_PROD, 5))))
          .isInstanceOf(ConflictException.class)
          .hasMessage("instance checkout-a1 cannot start at 127.0.0.1:5: it is standby");
    }

    @Test
    void exposed_fleetsGetOnePortEach() {
      SystemState state =
          base.fold(
              chainAfter(
                  base,
                  new dev.conveyor.core.event.FleetExposed(CHECKOUT_PROD, 8100),
                  new dev.conveyor.core.event.FleetExposed(CHECKOUT_PROD, 8101)));
      assertThat(state.exposure(CHECKOUT_PROD)).contains(8101);
      assertThatThrownBy(
              () ->
                  state.check(
                      List.of(
                          new dev.conveyor.core.event.FleetExposed(
                              FleetKey.of("cart", "production"), 8101))))
          .isInstanceOf(ConflictException.class)
          .hasMessage("router port 8101 already serves fleet checkout/production");
    }

    @Test
    void check_seesEarlierEventsOfTheSameBatch() {
      base.check(
          List.of(
              changed("checkout-a1", CHECKOUT_PROD, STARTING, STANDBY, 0),
              changed("checkout-a1", CHECKOUT_PROD, STANDBY, ACTIVE, 100)));
      assertThat(base.instance(InstanceId.of("checkout-a1")).orElseThrow().state())
          .isEqualTo(STARTING);
    }
  }
}
