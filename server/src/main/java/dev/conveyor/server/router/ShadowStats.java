package dev.conveyor.server.router;

import dev.conveyor.core.instance.InstanceId;
import java.util.List;
import java.util.Map;

/**
 * How a shadow instance's answers compared with the primary's since the router started mirroring to
 * it, per route template, with the most recent differences as examples.
 */
public record ShadowStats(
    InstanceId shadow, Map<String, RouteComparison> routes, List<ShadowDifference> samples) {

  /**
   * One route's comparisons: pairs compared, of which differing; shadow answers that never came
   * (failed: refused, reset, timed out); and requests not compared (skipped: body over the cap, the
   * primary failed, or the comparison queue was full).
   */
  public record RouteComparison(long compared, long differing, long failed, long skipped) {
    public static final RouteComparison NONE = new RouteComparison(0, 0, 0, 0);
  }

  public ShadowStats {
    routes = Map.copyOf(routes);
    samples = List.copyOf(samples);
  }

  public static ShadowStats empty(InstanceId shadow) {
    return new ShadowStats(shadow, Map.of(), List.of());
  }

  /** The comparisons of one route; none when the shadow never saw it. */
  public RouteComparison route(String template) {
    return routes.getOrDefault(template, RouteComparison.NONE);
  }

  /** Pairs compared, all routes. */
  public long compared() {
    return routes.values().stream().mapToLong(RouteComparison::compared).sum();
  }

  /** Pairs that differed, all routes. */
  public long differing() {
    return routes.values().stream().mapToLong(RouteComparison::differing).sum();
  }
}
