package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;
import java.time.Duration;
import java.util.Optional;

/**
 * What a comparison of candidate with baseline found: each side's events and requests, the failing
 * statistic against ln(1/α), and the two passing statistics against ln β (see {@link
 * RegressionTest}). Statistics are in nats, rounded to 4 decimals.
 *
 * @param judge {@code errors} or {@code latency}
 * @param events errors, or slow requests, on each side
 * @param requests attempts (errors) or answered requests (latency) on each side
 * @param statistic ln of the mixture likelihood ratio; fails at {@code failAt}
 * @param failAt ln(1/α)
 * @param relative the log-likelihood ratio of the SPRT at minRegression; passes at {@code passAt}
 * @param absolute the log-likelihood ratio of "below negligible/2" against "at negligible"; passes
 *     at −{@code passAt}
 * @param passAt ln β
 * @param design the comparison's settings
 * @param slowerThan for latency, the threshold that makes a request slow
 */
public record ComparisonEvidence(
    String judge,
    Outcome outcome,
    SplitCounts events,
    SplitCounts requests,
    double statistic,
    double failAt,
    double relative,
    double absolute,
    double passAt,
    Comparison design,
    Optional<Duration> slowerThan)
    implements Evidence {
  public ComparisonEvidence {
    Preconditions.present(judge, "judge");
    Preconditions.present(outcome, "outcome");
    Preconditions.present(events, "events");
    Preconditions.present(requests, "requests");
    Preconditions.present(design, "design");
    Preconditions.present(slowerThan, "slowerThan");
  }

  /** The evidence of {@code test} now, shown with {@code outcome}. */
  static ComparisonEvidence of(
      String judge, Outcome outcome, RegressionTest test, Optional<Duration> slowerThan) {
    return new ComparisonEvidence(
        judge,
        outcome,
        test.events(),
        test.requests(),
        Evidence.round(test.statistic()),
        Evidence.round(test.failAt()),
        Evidence.round(test.relativeStatistic()),
        Evidence.round(test.absoluteStatistic()),
        Evidence.round(test.passAt()),
        test.design(),
        slowerThan);
  }

  /** The candidate's events per request; 0 without requests. */
  public double candidateRatio() {
    return requests.candidate() == 0 ? 0 : (double) events.candidate() / requests.candidate();
  }

  /** The baseline's events per request; 0 without requests. */
  public double baselineRatio() {
    return requests.baseline() == 0 ? 0 : (double) events.baseline() / requests.baseline();
  }

  /** True when the pass came from ruling out minRegression rather than from the absolute route. */
  public boolean passedRelative() {
    return relative <= passAt;
  }

  @Override
  public String summary() {
    StringBuilder out = new StringBuilder(judge);
    slowerThan.ifPresent(t -> out.append(" (slower than ").append(Format.millis(t)).append(')'));
    out.append(": candidate ")
        .append(Format.count(events.candidate()))
        .append('/')
        .append(Format.count(requests.candidate()))
        .append(" (")
        .append(Format.percent(candidateRatio()))
        .append(") vs baseline ")
        .append(Format.count(events.baseline()))
        .append('/')
        .append(Format.count(requests.baseline()))
        .append(" (")
        .append(Format.percent(baselineRatio()))
        .append(')');
    if (baselineRatio() > 0) {
      out.append(", ")
          .append(Format.times(candidateRatio() / baselineRatio()))
          .append(" the baseline's");
    }
    out.append("; ");
    String min = Format.number(design.minRegression()) + "×";
    switch (outcome) {
      case FAIL ->
          out.append("log-LR ")
              .append(Format.nats(statistic))
              .append(" ≥ ")
              .append(Format.nats(failAt))
              .append(" → regression (α ")
              .append(Format.number(design.alpha()))
              .append(')');
      case PASS -> {
        if (passedRelative()) {
          out.append(min)
              .append(" LLR ")
              .append(Format.nats(relative))
              .append(" ≤ ")
              .append(Format.nats(passAt))
              .append(" → no ")
              .append(min)
              .append(" regression (β ")
              .append(Format.number(design.beta()))
              .append(')');
        } else {
          out.append("LLR for under ")
              .append(Format.percentLimit(design.negligible()))
              .append(' ')
              .append(Format.nats(absolute))
              .append(" ≥ ")
              .append(Format.nats(-passAt))
              .append(" → negligible (β ")
              .append(Format.number(design.beta()))
              .append(')');
        }
      }
      case RUNNING, INCONCLUSIVE ->
          out.append("log-LR ")
              .append(Format.nats(statistic))
              .append(" < ")
              .append(Format.nats(failAt))
              .append(" to fail, ")
              .append(min)
              .append(" LLR ")
              .append(Format.nats(relative))
              .append(" > ")
              .append(Format.nats(passAt))
              .append(" to pass → ")
              .append(outcome == Outcome.RUNNING ? "running" : "undecided");
    }
    return out.toString();
  }
}
