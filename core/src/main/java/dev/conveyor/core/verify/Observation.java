package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.metrics.RequestCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One second of live traffic as the controller measured it through the {@code MetricSource}: the
 * candidate's and the baseline's counts (each summed over its instances), and what the latency and
 * flow judges need.
 *
 * @param at the start of the 1-second bucket
 * @param candidate how the candidate's requests in the second ended
 * @param baseline how the baseline's requests in the second ended
 * @param slow requests slower than the reference's latency threshold ({@code slowerThan}), per
 *     side; zero when the latency comparison is off
 * @param successes per route, each side's successful (2xx and 3xx) answers in the second
 * @param candidateP99 the candidate's 99th percentile over the step so far (the controller asks
 *     {@code latencyQuantile} for {@code [step start, now)}; with several candidate instances, the
 *     highest), for the p99 limit
 */
public record Observation(
    Instant at,
    RequestCounts candidate,
    RequestCounts baseline,
    SplitCounts slow,
    Map<String, SplitCounts> successes,
    Optional<Duration> candidateP99) {
  public Observation {
    Preconditions.present(at, "at");
    Preconditions.present(candidate, "candidate");
    Preconditions.present(baseline, "baseline");
    Preconditions.present(slow, "slow");
    Preconditions.present(candidateP99, "candidateP99");
    Preconditions.check(
        slow.candidate() <= candidate.requests() && slow.baseline() <= baseline.requests(),
        "the second at %s has more slow requests (candidate %s, baseline %s) than requests"
            + " (candidate %s, baseline %s)",
        at,
        slow.candidate(),
        slow.baseline(),
        candidate.requests(),
        baseline.requests());
    successes = Collections.unmodifiableMap(new TreeMap<>(successes));
    for (Map.Entry<String, SplitCounts> route : successes.entrySet()) {
      SplitCounts counts = route.getValue();
      Preconditions.check(
          counts.candidate() <= answered(candidate) && counts.baseline() <= answered(baseline),
          "the second at %s has more successes on %s (candidate %s, baseline %s) than 2xx and 3xx"
              + " answers in all (candidate %s, baseline %s)",
          at,
          route.getKey(),
          counts.candidate(),
          counts.baseline(),
          answered(candidate),
          answered(baseline));
    }
    Preconditions.check(
        candidateP99.isEmpty() || !candidateP99.get().isNegative(),
        "candidateP99 must not be negative, got %s",
        candidateP99);
  }

  /** A second with request counts only: what the error comparison needs. */
  public static Observation of(Instant at, RequestCounts candidate, RequestCounts baseline) {
    return new Observation(at, candidate, baseline, SplitCounts.ZERO, Map.of(), Optional.empty());
  }

  public Observation withSlow(SplitCounts slowRequests) {
    return new Observation(at, candidate, baseline, slowRequests, successes, candidateP99);
  }

  public Observation withSuccesses(Map<String, SplitCounts> routeSuccesses) {
    return new Observation(at, candidate, baseline, slow, routeSuccesses, candidateP99);
  }

  public Observation withCandidateP99(Duration p99) {
    return new Observation(at, candidate, baseline, slow, successes, Optional.of(p99));
  }

  /**
   * Attempts to reach each side: answered requests plus connect failures, which the router retried
   * elsewhere and which no answer counts.
   */
  SplitCounts attempts() {
    return SplitCounts.of(
        candidate.requests() + candidate.connectFailures(),
        baseline.requests() + baseline.connectFailures());
  }

  /** Failed attempts on each side: 5xx answers (timeouts and resets included), connect failures. */
  SplitCounts failures() {
    return SplitCounts.of(
        candidate.errors() + candidate.connectFailures(),
        baseline.errors() + baseline.connectFailures());
  }

  /** Answered requests on each side. */
  SplitCounts requests() {
    return SplitCounts.of(candidate.requests(), baseline.requests());
  }

  /** The route's successes in this second; zero for a route the second did not see. */
  SplitCounts successes(String route) {
    return successes.getOrDefault(route, SplitCounts.ZERO);
  }

  private static long answered(RequestCounts counts) {
    return counts.ok2xx() + counts.redirect3xx();
  }
}
