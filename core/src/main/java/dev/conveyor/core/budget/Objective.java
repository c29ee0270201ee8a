package dev.conveyor.core.budget;

import dev.conveyor.core.Preconditions;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One service level objective: what counts as good, and the share of good events the service
 * promises ({@code target}, e.g. 0.999) over its window. Its error budget is the {@code 1 − target}
 * share of events that may be bad.
 *
 * @param latency for availability, the limit above which an answer is not good (optional); for
 *     latency, the threshold (required)
 * @param route for flow, the route template whose 2xx answers make the flow, e.g. {@code POST
 *     /checkout}
 * @param minPerMinute for flow, the rate below which a minute is bad
 * @param maxDrop for flow, instead: how far below its baseline rate (the window's median minute) a
 *     minute may fall, as a fraction
 */
public record Objective(
    String name,
    ObjectiveKind kind,
    double target,
    Optional<Duration> latency,
    Optional<String> route,
    OptionalDouble minPerMinute,
    OptionalDouble maxDrop) {
  public Objective {
    Preconditions.present(name, "an objective's name");
    Preconditions.present(kind, "an objective's kind");
    Preconditions.check(
        target > 0 && target < 1,
        "objective '%s': the target must be above 0 and below 1 (such as 99.9%%), got %s",
        name,
        target);
    Preconditions.check(
        kind != ObjectiveKind.LATENCY || latency.isPresent(),
        "objective '%s': a latency objective needs its threshold",
        name);
    Preconditions.check(
        kind != ObjectiveKind.FLOW
            || (route.isPresent() && (minPerMinute.isPresent() != maxDrop.isPresent())),
        "objective '%s': a flow objective needs its route and one of minPerMinute or maxDrop",
        name);
  }

  /**
   * The share of events that may be bad: {@code 1 − target}, in decimal, so that 99.9% leaves
   * exactly 0.001 (in binary it would leave 0.000999…89 and a budget spent exactly would read as
   * overspent).
   */
  public double budgetShare() {
    return java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(target)).doubleValue();
  }
}
