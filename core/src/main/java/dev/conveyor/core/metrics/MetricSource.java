package dev.conveyor.core.metrics;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.InstanceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Measurements of live traffic, per instance and per route, over windows of time: what verification
 * judges and error budgets count. The built-in router is one source; Prometheus is another.
 *
 * <p>Windows are {@code [from, to)} and resolve to whole seconds; a source keeps at least the
 * verification window of history (see the implementation).
 */
public interface MetricSource {
  /** How {@code instance}'s requests in the window ended. */
  RequestCounts counts(InstanceId instance, Instant from, Instant to);

  /** How {@code instance}'s requests on {@code route} (a route template) in the window ended. */
  RequestCounts counts(InstanceId instance, String route, Instant from, Instant to);

  /** The routes (templates such as {@code POST /checkout}) the fleet has served. */
  Set<String> routes(FleetKey fleet);

  /**
   * The latency under which {@code quantile} (0 to 1) of {@code instance}'s requests in the window
   * completed; empty when it had no requests.
   */
  Optional<Duration> latencyQuantile(
      InstanceId instance, Instant from, Instant to, double quantile);

  /** How many of {@code instance}'s requests in the window took longer than {@code threshold}. */
  long slowerThan(InstanceId instance, Instant from, Instant to, Duration threshold);
}
