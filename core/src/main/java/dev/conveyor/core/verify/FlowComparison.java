package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;
import java.util.List;

/**
 * The message-flow comparison: per route, the candidate's successful (2xx and 3xx) answers against
 * the baseline's, relative to each side's share of the requests. A route fails when the candidate's
 * successes fall below {@code minRatio} of its share, or stop.
 *
 * @param alpha the chance that any route of a candidate whose flows match the baseline's fails;
 *     split evenly over the routes and the two rules
 * @param minRatio the fraction of its share of successes under which a candidate's flow counts as
 *     broken, e.g. 0.5
 * @param routes the routes to compare, as the router names them ({@code POST /checkout}); empty for
 *     every route the fleet served before the step
 */
public record FlowComparison(double alpha, double minRatio, List<String> routes) {
  public static final FlowComparison DEFAULT = new FlowComparison(0.01, 0.5, List.of());

  public FlowComparison {
    Preconditions.check(
        alpha > 0 && alpha < 1, "alpha must be between 0 and 1 (exclusive), got %s", alpha);
    Preconditions.check(
        minRatio > 0 && minRatio < 1,
        "minRatio must be between 0 and 1 (exclusive), got %s",
        minRatio);
    routes = List.copyOf(routes);
    Preconditions.check(
        routes.stream().distinct().count() == routes.size(),
        "routes must not repeat, got %s",
        routes);
  }
}
