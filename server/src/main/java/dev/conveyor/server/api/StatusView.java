package dev.conveyor.server.api;

import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import java.util.ArrayList;
import java.util.List;

/** What ran, fleet by fleet, after event {@code seq}: the answer to "what was live at T?". */
public record StatusView(long seq, String time, String hash, List<FleetView> fleets) {

  /** One fleet: a service in an environment, the router port it is served on (null if none). */
  public record FleetView(
      String service, String environment, Integer port, List<InstanceView> instances) {}

  /**
   * One instance. {@code share} is its fraction of the fleet's client traffic (weight over the sum
   * of active weights), 0 unless active.
   */
  public record InstanceView(
      String id,
      String artifact,
      String version,
      String state,
      int weight,
      double share,
      String endpoint,
      String since,
      long seq) {}

  public static StatusView of(SystemState state) {
    List<FleetView> fleets = new ArrayList<>();
    java.util.SortedSet<FleetKey> keys = new java.util.TreeSet<>(state.fleets());
    keys.addAll(state.exposures().keySet());
    for (FleetKey key : keys) {
      List<Instance> members = state.fleet(key);
      long totalWeight =
          members.stream()
              .filter(i -> i.state() == ActivationState.ACTIVE)
              .mapToLong(Instance::weight)
              .sum();
      List<InstanceView> instances = new ArrayList<>();
      for (Instance i : members) {
        double share =
            i.state() == ActivationState.ACTIVE && totalWeight > 0
                ? (double) i.weight() / totalWeight
                : 0;
        instances.add(
            new InstanceView(
                i.id().value(),
                i.artifact().value(),
                state.artifact(i.artifact()).map(RegisteredArtifact::version).orElse("?"),
                i.state().label(),
                i.weight(),
                share,
                i.endpoint() == null ? null : i.endpoint().toString(),
                i.since().toString(),
                i.seq()));
      }
      fleets.add(
          new FleetView(
              key.service().value(),
              key.environment().value(),
              state.exposure(key).orElse(null),
              instances));
    }
    return new StatusView(state.seq(), state.time().toString(), state.hash(), fleets);
  }
}
