package dev.conveyor.core.traffic;

import static dev.conveyor.core.instance.ActivationState.ACTIVE;
import static dev.conveyor.core.instance.ActivationState.DRAINING;
import static dev.conveyor.core.instance.ActivationState.SHADOW;
import static dev.conveyor.core.instance.ActivationState.STANDBY;
import static dev.conveyor.core.instance.ActivationState.STARTING;
import static dev.conveyor.core.testing.Events.CHECKOUT_PROD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.testing.Events;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTests {
  private static Instance instance(String id, ActivationState state, int weight, int port) {
    return new Instance(
        InstanceId.of(id),
        CHECKOUT_PROD,
        Events.artifactId("checkout:v1"),
        state,
        weight,
        port == 0 ? null : Endpoint.of("127.0.0.1", port),
        Instant.EPOCH,
        1);
  }

  @Test
  void of_takesActiveByWeightAndShadows_andNothingElse() {
    RoutingTable table =
        RoutingTable.of(
            List.of(
                instance("checkout-c", ACTIVE, 100, 3),
                instance("checkout-a", ACTIVE, 9900, 1),
                instance("checkout-s", SHADOW, 0, 4),
                instance("checkout-b", STANDBY, 0, 2),
                instance("checkout-d", DRAINING, 0, 5),
                instance("checkout-e", STARTING, 0, 0)));
    assertThat(table.active())
        .extracting(t -> t.instance().value(), RoutingTable.Target::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("checkout-a", 9900),
            org.assertj.core.groups.Tuple.tuple("checkout-c", 100));
    assertThat(table.shadows()).extracting(t -> t.endpoint().port()).containsExactly(4);
    assertThat(table.totalWeight()).isEqualTo(10_000);
    assertThat(table.share(InstanceId.of("checkout-c"))).isEqualTo(0.01);
    assertThat(table.share(InstanceId.of("checkout-b"))).isZero();
  }

  @Test
  void empty_sharesNothing() {
    assertThat(RoutingTable.EMPTY.share(InstanceId.of("checkout-a"))).isZero();
  }
}
