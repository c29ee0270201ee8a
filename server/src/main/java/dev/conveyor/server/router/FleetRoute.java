package dev.conveyor.server.router;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.traffic.RouteTemplates;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * One fleet as the router serves it: its current routing snapshot, its route templates, its
 * listening port and client connections, and the requests it answered without an instance.
 */
final class FleetRoute {
  final FleetKey key;
  final TrafficSeries unrouted;
  final String noActiveInstance;
  final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  volatile RouteSnapshot snapshot = RouteSnapshot.EMPTY;
  private volatile RouteTemplates templates;

  /** The running request capture, or null: the only cost to a fleet that captures nothing. */
  volatile RequestCapture capture;

  Channel server; // guarded by the router's lock

  FleetRoute(FleetKey key, TrafficSeries unrouted, RouteTemplates templates) {
    this.key = key;
    this.unrouted = unrouted;
    this.templates = templates;
    this.noActiveInstance =
        "service " + key.service() + " has no active instance in " + key.environment();
  }

  RouteTemplates templates() {
    return templates;
  }

  /** Replaces the templates; only before the fleet's port opens, while no request used them. */
  void templates(RouteTemplates templates) {
    this.templates = templates;
  }
}
