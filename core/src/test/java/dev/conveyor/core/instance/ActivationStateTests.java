package dev.conveyor.core.instance;

import static dev.conveyor.core.instance.ActivationState.ACTIVE;
import static dev.conveyor.core.instance.ActivationState.DRAINING;
import static dev.conveyor.core.instance.ActivationState.FAILED;
import static dev.conveyor.core.instance.ActivationState.SHADOW;
import static dev.conveyor.core.instance.ActivationState.STANDBY;
import static dev.conveyor.core.instance.ActivationState.STARTING;
import static dev.conveyor.core.instance.ActivationState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ActivationStateTests {

  /** The table as DESIGN.md and the issue describe it, written out independently of the enum. */
  private static final Map<ActivationState, Set<ActivationState>> EXPECTED =
      Map.of(
          STARTING, EnumSet.of(STANDBY, FAILED, STOPPED),
          STANDBY, EnumSet.of(ACTIVE, SHADOW, DRAINING, STOPPED, FAILED),
          ACTIVE, EnumSet.of(ACTIVE, STANDBY, DRAINING, FAILED),
          SHADOW, EnumSet.of(ACTIVE, STANDBY, DRAINING, STOPPED, FAILED),
          DRAINING, EnumSet.of(STOPPED, FAILED),
          STOPPED, EnumSet.noneOf(ActivationState.class),
          FAILED, EnumSet.of(STOPPED));

  @Nested
  class TransitionTable {
    @Test
    void everyPair_isAllowedExactlyAsTabled() {
      for (ActivationState from : ActivationState.values()) {
        for (ActivationState to : ActivationState.values()) {
          assertThat(from.canChangeTo(to))
              .as("%s -> %s", from, to)
              .isEqualTo(EXPECTED.get(from).contains(to));
        }
      }
    }

    @Test
    void active_cannotStopWithoutDraining() {
      assertThat(ACTIVE.canChangeTo(STOPPED)).isFalse();
    }

    @Test
    void stopped_isTerminal() {
      assertThat(STOPPED.next()).isEmpty();
    }

    @Test
    void next_isUnmodifiable() {
      assertThatThrownBy(() -> STANDBY.next().add(STOPPED))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Labels {
    @Test
    void label_isLowercaseName() {
      assertThat(STANDBY.label()).isEqualTo("standby");
      assertThat(ActivationState.ofLabel("draining")).isEqualTo(DRAINING);
    }

    @Test
    void ofLabel_unknown_listsTheStates() {
      assertThatThrownBy(() -> ActivationState.ofLabel("running"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "unknown activation state 'running': expected one of starting, standby, active,"
                  + " shadow, draining, stopped, failed");
    }
  }

  @Nested
  class IllegalTransitions {
    @Test
    void message_namesInstanceFromToAndTheAllowedStates() {
      IllegalTransitionException e =
          new IllegalTransitionException(InstanceId.of("checkout-a1"), STOPPED, ACTIVE);
      assertThat(e)
          .hasMessage(
              "instance checkout-a1 cannot change from stopped to active (allowed from stopped: none)");
      assertThat(new IllegalTransitionException(InstanceId.of("checkout-a1"), DRAINING, ACTIVE))
          .hasMessage(
              "instance checkout-a1 cannot change from draining to active (allowed from draining:"
                  + " stopped, failed)");
      assertThat(e.code()).isEqualTo("illegal_transition");
    }
  }
}
