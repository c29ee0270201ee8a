package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.InstanceId;

/**
 * A starting instance's process (or pod) is running at {@code endpoint}; it stays {@code starting}
 * until it is ready. {@code runtime} says what runs it, e.g. {@code pid 4242 started
 * 2026-11-22T10:00:01Z}, so that a restarted server can tell it from a recycled pid.
 */
public record InstanceStarted(
    InstanceId instance, FleetKey fleet, Endpoint endpoint, String runtime) implements Event {
  public InstanceStarted {
    Preconditions.present(instance, "instance");
    Preconditions.present(fleet, "fleet");
    Preconditions.present(endpoint, "endpoint");
    Preconditions.present(runtime, "runtime");
  }

  @Override
  public ServiceName service() {
    return fleet.service();
  }
}
