package dev.conveyor.core.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message-flow comparison over a fixed set of routes. Per route, two rules, each given half of
 * the route's even part of α:
 *
 * <ul>
 *   <li>a one-sided {@link SplitSprt} at {@code minRatio} on the route's successes, with each
 *       second's request split as the null share; it fails at ln(1/α′) (Ville's inequality);
 *   <li>stopped: the likelihood ratio of "the candidate serves none of the route" (r = 0) since the
 *       candidate's last success on it, {@code Π (1 − π₀)^−x_b}; it fails at ln(n/α′), n the most
 *       seconds the step can last plus one. Each restart (at most one per second) is a new test
 *       bounded by α′/n, so all of them together by α′.
 * </ul>
 */
final class FlowJudge {
  private final FlowComparison design;
  private final double failAt;
  private final double stoppedAt;
  private final Map<String, Route> routes = new LinkedHashMap<>();
  private SplitCounts requests = SplitCounts.ZERO;

  FlowJudge(FlowComparison design, List<String> routeNames, long maxSeconds) {
    this.design = design;
    double alphaPerRule = design.alpha() / (2.0 * routeNames.size());
    this.failAt = Math.log(1 / alphaPerRule);
    this.stoppedAt = Math.log((maxSeconds + 1) / alphaPerRule);
    for (String name : routeNames) {
      routes.put(name, new Route(name, SplitSprt.of(design.minRatio())));
    }
  }

  /** The routes this judge compares, in order. */
  List<String> routes() {
    return List.copyOf(routes.keySet());
  }

  void observe(Observation second) {
    SplitCounts secondRequests = second.requests();
    requests = requests.plus(secondRequests);
    double share = secondRequests.candidateShare();
    for (Route route : routes.values()) {
      route.observe(share, second.successes(route.name));
    }
  }

  boolean failed() {
    return routes.values().stream().anyMatch(Route::failed);
  }

  /** Each route's evidence; a route that has not failed shows {@code notFailed}. */
  List<FlowEvidence> evidence(Outcome notFailed) {
    List<FlowEvidence> evidence = new ArrayList<>();
    for (Route route : routes.values()) {
      evidence.add(
          new FlowEvidence(
              route.name,
              route.failed() ? Outcome.FAIL : notFailed,
              route.test.events(),
              requests,
              Evidence.round(route.test.llr()),
              Evidence.round(failAt),
              design.minRatio(),
              route.baselineSinceCandidate,
              Evidence.round(route.stopped),
              Evidence.round(stoppedAt)));
    }
    return evidence;
  }

  private final class Route {
    private final String name;
    private SplitSprt test;
    private double stopped;
    private long baselineSinceCandidate;
    private boolean failed;

    Route(String name, SplitSprt test) {
      this.name = name;
      this.test = test;
    }

    void observe(double share, SplitCounts successes) {
      if (failed) {
        return;
      }
      test = test.observe(share, successes.candidate(), successes.baseline());
      if (successes.candidate() > 0) {
        stopped = 0;
        baselineSinceCandidate = 0;
      } else if (share > 0 && share < 1) {
        stopped -= successes.baseline() * Math.log1p(-share);
        baselineSinceCandidate += successes.baseline();
      }
      failed = test.llr() >= failAt || stopped >= stoppedAt;
    }

    boolean failed() {
      return failed;
    }
  }
}
