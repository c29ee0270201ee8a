package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;

/**
 * Clients reach the fleet through the router at {@code port} from now on. Not a change to any
 * instance: where a fleet is served is configuration, recorded so that the history says it.
 */
public record FleetExposed(FleetKey fleet, int port) implements Event {
  public FleetExposed {
    Preconditions.present(fleet, "fleet");
    Preconditions.check(
        port >= 1 && port <= 65_535, "router port must be 1 to 65535, got %s", port);
  }

  @Override
  public ServiceName service() {
    return fleet.service();
  }
}
