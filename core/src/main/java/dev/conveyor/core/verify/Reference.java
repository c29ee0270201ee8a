package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the controller measured of the baseline before a verify step, for the judges that need a
 * yardstick: the latency that defines a slow request, and the routes to compare flows on.
 *
 * @param slowerThan the baseline's latency at the spec's quantile (its p99 by default) over a
 *     reference window before the step
 * @param routes the routes the fleet served before the step ({@code MetricSource.routes}), used
 *     when the spec names none; without any the flow comparison is off
 * @param thresholdToCome true when the baseline has no latency yet but will have (a fresh baseline
 *     instance that starts serving with the step): the latency comparison is then on, and counts
 *     the seconds from the first threshold the controller gives it ({@link
 *     Verification#moveThreshold}). Without a threshold and without this, the latency comparison is
 *     off.
 */
public record Reference(
    Optional<Duration> slowerThan, List<String> routes, boolean thresholdToCome) {
  public static final Reference NONE = new Reference(Optional.empty(), List.of());

  public Reference {
    Preconditions.present(slowerThan, "slowerThan");
    Preconditions.check(
        slowerThan.isEmpty() || slowerThan.get().isPositive(),
        "slowerThan must be a positive duration, got %s",
        slowerThan);
    routes = List.copyOf(routes);
  }

  public Reference(Optional<Duration> slowerThan, List<String> routes) {
    this(slowerThan, routes, false);
  }

  public static Reference of(Duration slowerThan, List<String> routes) {
    return new Reference(Optional.of(slowerThan), routes);
  }

  /** No latency threshold yet; it will come, and the latency comparison waits for it. */
  public static Reference thresholdToCome(List<String> routes) {
    return new Reference(Optional.empty(), routes, true);
  }
}
