package dev.conveyor.core.replay;

import java.util.List;

/**
 * One route's row of a flow report: how many replayed requests it had, how many matched production
 * in status and shape, and how the others differed (most frequent first).
 *
 * @param route method and route template, as the router names it: {@code GET /products/{id}}
 */
public record RouteFlow(
    String route, int requests, int matching, List<FlowDifference> differences) {
  public RouteFlow {
    differences = List.copyOf(differences);
  }

  /** Whether every request on the route matched production. */
  public boolean adheres() {
    return matching == requests;
  }
}
