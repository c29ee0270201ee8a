package dev.conveyor.core.replay;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.traffic.RouteTemplates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Message-flow adherence: the same replay set sent to a candidate and to production, compared
 * request by request. A request adheres when the candidate answered with production's status and a
 * body of the same {@link ResponseShape}; results are grouped by route as the router groups them
 * ({@link RouteTemplates}: {@code GET /products/17} is {@code GET /products/{id}}).
 */
public final class FlowAdherence {
  /** Routes told apart in one report; the router's own limit per fleet. */
  private static final int MAX_ROUTES = 1024;

  private FlowAdherence() {}

  /**
   * Compares the candidate's answers with production's, request {@code i} with request {@code i}.
   *
   * @throws dev.conveyor.core.InvalidInputException unless both are replays of the same requests
   */
  public static FlowReport compare(
      List<ObservedResponse> candidate, List<ObservedResponse> baseline) {
    Preconditions.present(candidate, "the candidate's responses");
    Preconditions.present(baseline, "production's responses");
    Preconditions.check(
        candidate.size() == baseline.size(),
        "flow adherence compares replays of one set, but the candidate has %s responses and"
            + " production %s",
        candidate.size(),
        baseline.size());
    Preconditions.check(
        !candidate.isEmpty(), "flow adherence needs at least one replayed request, got none");
    RouteTemplates templates = new RouteTemplates(List.of(), MAX_ROUTES);
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (int i = 0; i < candidate.size(); i++) {
      ObservedResponse c = candidate.get(i);
      ObservedResponse b = baseline.get(i);
      Preconditions.check(
          c.request().equals(b.request()),
          "flow adherence compares replays of one set, but request %s was %s for the candidate"
              + " and %s for production",
          i + 1,
          c.request(),
          b.request());
      String route = templates.template(c.request().method(), c.request().target());
      Tally tally = tallies.computeIfAbsent(route, r -> new Tally());
      tally.requests++;
      String difference = difference(c, b);
      if (difference == null) {
        tally.matching++;
      } else {
        tally.differences.merge(difference, 1, Integer::sum);
      }
    }
    List<RouteFlow> routes = new ArrayList<>();
    tallies.forEach((route, tally) -> routes.add(tally.row(route)));
    return new FlowReport(routes);
  }

  /** How the candidate's answer differs from production's, or null when it adheres. */
  static String difference(ObservedResponse candidate, ObservedResponse baseline) {
    if (candidate.status() != baseline.status()) {
      return status(candidate) + " vs " + (baseline.answered() ? baseline.status() : "no response");
    }
    if (!candidate.shape().equals(baseline.shape())) {
      return "body shape differs at status " + candidate.status();
    }
    return null;
  }

  private static String status(ObservedResponse response) {
    return response.answered() ? "status " + response.status() : "no response";
  }

  private static final class Tally {
    int requests;
    int matching;
    final Map<String, Integer> differences = new LinkedHashMap<>();

    RouteFlow row(String route) {
      List<FlowDifference> rows = new ArrayList<>();
      differences.forEach((what, count) -> rows.add(new FlowDifference(route, what, count)));
      rows.sort((a, b) -> Integer.compare(b.count(), a.count()));
      return new RouteFlow(route, requests, matching, rows);
    }
  }
}
