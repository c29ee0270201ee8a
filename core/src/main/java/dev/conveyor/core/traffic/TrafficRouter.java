package dev.conveyor.core.traffic;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.InstanceId;
import java.time.Duration;

/**
 * Steers a fleet's client traffic: the built-in router, or a platform's own traffic layer. The
 * controller tells it the routing table after every change; the router measures what it carries.
 */
public interface TrafficRouter {
  /**
   * Makes the fleet reachable by clients on {@code port} (0: any free port) and returns the port it
   * is served on. Exposing an exposed fleet on its own port again changes nothing.
   */
  int expose(FleetKey fleet, int port);

  /**
   * Routes the fleet's new requests by {@code table} from now on, atomically: no request sees half
   * a table, and requests already in flight finish where they are.
   */
  void update(FleetKey fleet, RoutingTable table);

  /** Requests that {@code instance} is serving right now (sent, answer not yet complete). */
  int inFlight(InstanceId instance);

  /**
   * Waits until {@code instance} has no request in flight, or {@code timeout} passes; returns the
   * number still in flight (0 when drained). Call after a table without the instance is applied.
   */
  int awaitDrained(InstanceId instance, Duration timeout) throws InterruptedException;
}
