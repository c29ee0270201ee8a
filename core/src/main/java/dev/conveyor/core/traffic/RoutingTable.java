package dev.conveyor.core.traffic;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a fleet's traffic goes: the active instances with their weights, and the shadow instances
 * that receive mirrored copies. Instances in any other state get no new requests. A router applies
 * a table as a whole, atomically.
 */
public record RoutingTable(List<Target> active, List<Target> shadows) {
  /** An instance that receives traffic, at an endpoint, with a weight (0 for shadows). */
  public record Target(InstanceId instance, Endpoint endpoint, int weight) {
    public Target {
      Preconditions.present(instance, "instance");
      Preconditions.present(endpoint, "endpoint");
      Preconditions.check(weight >= 0, "weight must not be negative, got %s", weight);
    }
  }

  public static final RoutingTable EMPTY = new RoutingTable(List.of(), List.of());

  public RoutingTable {
    active = List.copyOf(active);
    shadows = List.copyOf(shadows);
  }

  /**
   * The table for a fleet as the history describes it: its active instances by weight and its
   * shadows, each at the endpoint it was started on.
   */
  public static RoutingTable of(List<Instance> fleet) {
    List<Target> active = new ArrayList<>();
    List<Target> shadows = new ArrayList<>();
    for (Instance instance : fleet) {
      Endpoint endpoint = instance.endpoint();
      if (endpoint == null) { // never started: it cannot be active or shadow, but stay total
        continue;
      }
      if (instance.state() == ActivationState.ACTIVE) {
        active.add(new Target(instance.id(), endpoint, instance.weight()));
      } else if (instance.state() == ActivationState.SHADOW) {
        shadows.add(new Target(instance.id(), endpoint, 0));
      }
    }
    active.sort(Comparator.comparing(Target::instance));
    shadows.sort(Comparator.comparing(Target::instance));
    return new RoutingTable(active, shadows);
  }

  /** The sum of the active weights; a target's share of traffic is its weight over this. */
  public long totalWeight() {
    return active.stream().mapToLong(Target::weight).sum();
  }

  /** The fraction of client traffic {@code instance} gets under this table (0 if not active). */
  public double share(InstanceId instance) {
    long total = totalWeight();
    if (total == 0) {
      return 0;
    }
    return active.stream()
            .filter(t -> t.instance().equals(instance))
            .mapToLong(Target::weight)
            .sum()
        / (double) total;
  }
}
