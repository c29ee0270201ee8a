package dev.conveyor.core.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks the absolute limits on the candidate over the step so far, once it has served the step's
 * minimum requests; a limit once broken stays broken.
 */
final class LimitsJudge {
  private final Limits limits;
  private final long minRequests;
  private long requests;
  private long allRequests;
  private long errors;
  private Optional<Duration> p99 = Optional.empty();
  private final Map<String, Long> successes = new TreeMap<>();
  private long seconds;
  private final List<String> broken = new ArrayList<>();

  LimitsJudge(Limits limits, long minRequests) {
    this.limits = limits;
    this.minRequests = minRequests;
    limits.flowPerSecond().keySet().forEach(route -> successes.put(route, 0L));
  }

  void observe(Observation second, long elapsedSeconds) {
    requests += second.candidate().requests();
    allRequests += second.candidate().requests() + second.baseline().requests();
    errors += second.candidate().errors();
    if (second.candidateP99().isPresent()) {
      p99 = second.candidateP99();
    }
    successes.replaceAll((route, sum) -> sum + second.successes(route).candidate());
    seconds = elapsedSeconds;
    for (LimitEvidence e : evidence()) {
      if (e.outcome() == Outcome.FAIL && !broken.contains(e.limit())) {
        broken.add(e.limit());
      }
    }
  }

  boolean failed() {
    return !broken.isEmpty();
  }

  List<LimitEvidence> evidence() {
    List<LimitEvidence> evidence = new ArrayList<>();
    limits
        .errorRatio()
        .ifPresent(
            max ->
                evidence.add(
                    judge(
                        LimitEvidence.ERROR_RATIO,
                        requests == 0 ? Double.NaN : (double) errors / requests,
                        max,
                        false)));
    limits
        .p99()
        .ifPresent(
            max ->
                evidence.add(
                    judge(
                        LimitEvidence.P99,
                        p99.map(d -> d.toNanos() / 1e6).orElse(Double.NaN),
                        max.toNanos() / 1e6,
                        false)));
    double share = allRequests == 0 ? 0 : (double) requests / allRequests;
    for (Map.Entry<String, Double> flow : limits.flowPerSecond().entrySet()) {
      double perSecond =
          share == 0 || seconds == 0
              ? Double.NaN
              : successes.get(flow.getKey()) / (share * seconds);
      evidence.add(
          judge(
              LimitEvidence.FLOW_PER_SECOND + " " + flow.getKey(),
              perSecond,
              flow.getValue(),
              true));
    }
    return evidence;
  }

  private LimitEvidence judge(String limit, double value, double bound, boolean minimum) {
    Outcome outcome;
    if (broken.contains(limit)) {
      outcome = Outcome.FAIL;
    } else if (Double.isNaN(value) || requests < minRequests) {
      outcome = Outcome.RUNNING;
    } else if (minimum ? value < bound : value > bound) {
      outcome = Outcome.FAIL;
    } else {
      outcome = Outcome.PASS;
    }
    return new LimitEvidence(limit, outcome, value, bound, requests, minRequests);
  }
}
