package dev.conveyor.server.router;

import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.traffic.RoutingTable;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

/**
 * One routing table as the event loops use it: each target's address resolved once, its traffic
 * meters at hand, and a picker over the active weights. Immutable; replaced as a whole.
 */
final class RouteSnapshot {
  static final RouteSnapshot EMPTY =
      new RouteSnapshot(RoutingTable.EMPTY, new RoutedTarget[0], new RoutedTarget[0]);

  /** A target of the table, ready to connect to. */
  record RoutedTarget(
      InstanceId id, Endpoint endpoint, InetSocketAddress address, InstanceTraffic traffic) {}

  final RoutingTable table;
  final RoutedTarget[] active;
  final RoutedTarget[] shadows;
  final WeightedPicker picker;

  private RouteSnapshot(RoutingTable table, RoutedTarget[] active, RoutedTarget[] shadows) {
    this.table = table;
    this.active = active;
    this.shadows = shadows;
    int[] weights = new int[active.length];
    List<RoutingTable.Target> targets = table.active();
    for (int i = 0; i < weights.length; i++) {
      weights[i] = targets.get(i).weight();
    }
    this.picker = new WeightedPicker(weights);
  }

  /**
   * The snapshot of {@code table}; {@code traffic} gives each instance's meters. Resolves host
   * names here, on the caller's thread, so that event loops never wait for DNS.
   */
  static RouteSnapshot of(RoutingTable table, Function<InstanceId, InstanceTraffic> traffic) {
    return new RouteSnapshot(
        table, targets(table.active(), traffic), targets(table.shadows(), traffic));
  }

  private static RoutedTarget[] targets(
      List<RoutingTable.Target> targets, Function<InstanceId, InstanceTraffic> traffic) {
    RoutedTarget[] routed = new RoutedTarget[targets.size()];
    for (int i = 0; i < routed.length; i++) {
      RoutingTable.Target t = targets.get(i);
      Endpoint e = t.endpoint();
      routed[i] =
          new RoutedTarget(
              t.instance(),
              e,
              new InetSocketAddress(e.host(), e.port()),
              traffic.apply(t.instance()));
    }
    return routed;
  }

  /** The active target for the {@code n}-th pick, or null when no active instance has weight. */
  RoutedTarget pick(long n) {
    int i = picker.pick(n);
    return i < 0 ? null : active[i];
  }

  /** The active target for the {@code n}-th pick among those not yet tried, or null. */
  RoutedTarget pick(long n, List<InstanceId> tried) {
    int i = picker.pick(n, indexes(tried));
    return i < 0 ? null : active[i];
  }

  /** Whether an active instance with weight is left that is not in {@code tried}. */
  boolean hasUntried(List<InstanceId> tried) {
    return picker.pick(0, indexes(tried)) >= 0;
  }

  /** Whether the table routes to {@code instance}, as active or shadow. */
  boolean names(InstanceId instance) {
    for (RoutedTarget t : active) {
      if (t.id().equals(instance)) {
        return true;
      }
    }
    for (RoutedTarget t : shadows) {
      if (t.id().equals(instance)) {
        return true;
      }
    }
    return false;
  }

  private BitSet indexes(List<InstanceId> tried) {
    BitSet excluded = new BitSet(active.length);
    for (int i = 0; i < active.length; i++) {
      if (tried.contains(active[i].id())) {
        excluded.set(i);
      }
    }
    return excluded;
  }
}
