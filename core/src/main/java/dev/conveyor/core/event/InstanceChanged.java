package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.InstanceId;

/**
 * The primitive: one instance's activation state (or, active to active, its traffic weight)
 * changed. {@code weight} is in basis points of traffic (1 to 10,000) when {@code to} is {@code
 * active}, else 0. {@code reason} says why in words a person can read in the history.
 */
public record InstanceChanged(
    InstanceId instance,
    FleetKey fleet,
    ActivationState from,
    ActivationState to,
    int weight,
    String reason)
    implements Event {
  /** The largest weight: all the traffic, in basis points. */
  public static final int MAX_WEIGHT = 10_000;

  public InstanceChanged {
    Preconditions.present(instance, "instance");
    Preconditions.present(fleet, "fleet");
    Preconditions.present(from, "from state");
    Preconditions.present(to, "to state");
    Preconditions.present(reason, "reason");
    if (to == ActivationState.ACTIVE) {
      Preconditions.check(
          weight >= 1 && weight <= MAX_WEIGHT,
          "instance %s: an active weight must be 1 to %s basis points, got %s",
          instance,
          MAX_WEIGHT,
          weight);
    } else {
      Preconditions.check(
          weight == 0,
          "instance %s: only an active instance has a weight, got %s for %s",
          instance,
          weight,
          to);
    }
  }

  @Override
  public ServiceName service() {
    return fleet.service();
  }
}
