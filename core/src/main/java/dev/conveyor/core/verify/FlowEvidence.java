package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;

/**
 * What the flow comparison found on one route: each side's successes and requests, the SPRT that
 * fails when the candidate's successes fall below {@code minRatio} of its share, and the rule that
 * fails a route that stopped on the candidate. Statistics are in nats, rounded to 4 decimals.
 *
 * @param route the route, e.g. {@code POST /checkout}
 * @param successes the route's 2xx and 3xx answers on each side
 * @param requests all answered requests on each side (the share the successes are held to)
 * @param statistic the log-likelihood ratio of "the candidate's successes are minRatio × its share"
 *     against "its share"; fails at {@code failAt}
 * @param failAt ln(1/α′), α′ the route's part of α for this rule
 * @param minRatio the flow comparison's minRatio
 * @param baselineSinceCandidate the baseline's successes on the route since the candidate's last
 * @param stopped −ln of the chance, under the traffic split, that none of those went to the
 *     candidate; fails at {@code stoppedAt}
 * @param stoppedAt ln(n/α″), α″ the route's part of α for this rule and n the most seconds a step
 *     can have, one chance to restart per second
 */
public record FlowEvidence(
    String route,
    Outcome outcome,
    SplitCounts successes,
    SplitCounts requests,
    double statistic,
    double failAt,
    double minRatio,
    long baselineSinceCandidate,
    double stopped,
    double stoppedAt)
    implements Evidence {
  public FlowEvidence {
    Preconditions.present(route, "route");
    Preconditions.present(outcome, "outcome");
    Preconditions.present(successes, "successes");
    Preconditions.present(requests, "requests");
  }

  @Override
  public String judge() {
    return "flow " + route;
  }

  /** The candidate's share of the route's successes over its share of all requests; 1 is even. */
  public double shareRatio() {
    double requestShare = requests.candidateShare();
    double successShare = successes.candidateShare();
    return Double.isNaN(requestShare) || Double.isNaN(successShare) || requestShare == 0
        ? Double.NaN
        : successShare / requestShare;
  }

  /** True when the route failed because it stopped on the candidate. */
  public boolean stoppedOnCandidate() {
    return stopped >= stoppedAt;
  }

  @Override
  public String summary() {
    StringBuilder out =
        new StringBuilder(judge())
            .append(": candidate ")
            .append(Format.count(successes.candidate()))
            .append(" vs baseline ")
            .append(Format.count(successes.baseline()))
            .append(" successes");
    double ratio = shareRatio();
    if (!Double.isNaN(ratio)) {
      out.append(", ").append(Format.times(ratio)).append(" its share");
    }
    out.append("; ");
    if (outcome == Outcome.FAIL && stoppedOnCandidate()) {
      return out.append("none on the candidate while the baseline served ")
          .append(Format.count(baselineSinceCandidate))
          .append(" (chance ")
          .append(Format.probability(Math.exp(-stopped)))
          .append(" ≤ ")
          .append(Format.probability(Math.exp(-stoppedAt)))
          .append(" under the split) → stopped")
          .toString();
    }
    String min = Format.number(minRatio) + "×";
    if (outcome == Outcome.FAIL) {
      return out.append("LLR ")
          .append(Format.nats(statistic))
          .append(" ≥ ")
          .append(Format.nats(failAt))
          .append(" → below ")
          .append(min)
          .append(" its share")
          .toString();
    }
    return out.append("LLR ")
        .append(Format.nats(statistic))
        .append(" < ")
        .append(Format.nats(failAt))
        .append(" for below ")
        .append(min)
        .append(" its share → ")
        .append(outcome == Outcome.PASS ? "flowing" : outcome.label())
        .toString();
  }
}
