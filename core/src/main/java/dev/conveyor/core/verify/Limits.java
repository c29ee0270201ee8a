package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Absolute limits on the candidate over the step so far, checked once it has served the step's
 * minimum requests: plain checks, no statistics.
 *
 * @param errorRatio the most errors per request the candidate may have
 * @param p99 the slowest the candidate's 99th percentile may be
 * @param flowPerSecond per route, the fewest successes per second the candidate may serve, counted
 *     as if it took all the traffic (its successes ÷ its share of the requests)
 */
public record Limits(
    OptionalDouble errorRatio, Optional<Duration> p99, Map<String, Double> flowPerSecond) {
  public static final Limits NONE = new Limits(OptionalDouble.empty(), Optional.empty(), Map.of());

  public Limits {
    Preconditions.check(
        errorRatio.isEmpty() || (errorRatio.getAsDouble() > 0 && errorRatio.getAsDouble() <= 1),
        "errorRatio must be above 0 and at most 1, got %s",
        errorRatio);
    Preconditions.check(
        p99.isEmpty() || p99.get().isPositive(), "p99 must be a positive duration, got %s", p99);
    flowPerSecond = Collections.unmodifiableMap(new TreeMap<>(flowPerSecond));
    for (Map.Entry<String, Double> flow : flowPerSecond.entrySet()) {
      Preconditions.check(
          flow.getValue() > 0 && Double.isFinite(flow.getValue()),
          "flowPerSecond of %s must be a positive number, got %s",
          flow.getKey(),
          flow.getValue());
    }
  }

  public boolean isEmpty() {
    return errorRatio.isEmpty() && p99.isEmpty() && flowPerSecond.isEmpty();
  }
}
