package dev.conveyor.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.metrics.RequestCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class VerificationTests {
  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  private static final String CHECKOUT = "POST /checkout";

  /** Errors only, so that each test sees the judge it is about. */
  private static final VerificationSpec ERRORS_ONLY =
      new VerificationSpec(
          Duration.ofMinutes(1),
          Duration.ofHours(1),
          200,
          OnInconclusive.APPROVE,
          Optional.of(Comparison.ERRORS),
          Optional.empty(),
          Optional.empty(),
          Limits.NONE);

  private static VerificationSpec withoutComparisons(Limits limits) {
    return new VerificationSpec(
        Duration.ZERO,
        Duration.ofHours(1),
        200,
        OnInconclusive.FAIL,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        limits);
  }

  private static RequestCounts counts(long requests, long errors) {
    return new RequestCounts(requests, requests - errors, 0, 0, errors, 0, 0);
  }

  /** Second {@code i} of the step: candidate and baseline requests and errors. */
  private static Observation second(
      int i, long candidate, long candidateErrors, long baseline, long baselineErrors) {
    return Observation.of(
        START.plusSeconds(i), counts(candidate, candidateErrors), counts(baseline, baselineErrors));
  }

  private static Verification start(VerificationSpec spec) {
    return Verification.start(spec, START, Reference.NONE);
  }

  @Nested
  class Errors {
    @Test
    void observe_threeCandidateErrorsInTheFirstSecond_failsAtOnceWithTheEvidence() {
      Assessment assessment = start(ERRORS_ONLY).observe(second(0, 100, 3, 900, 0));

      assertThat(assessment.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(assessment.reason())
          .isEqualTo(
              "errors: candidate 3/100 (3.00%) vs baseline 0/900 (0.00%); log-LR 4.61 ≥ 4.61 →"
                  + " regression (α 0.01)");
      assertThat(assessment.summary())
          .isEqualTo(
              "FAIL after 1s: errors: candidate 3/100 (3.00%) vs baseline 0/900 (0.00%); log-LR"
                  + " 4.61 ≥ 4.61 → regression (α 0.01)\n"
                  + "  fail  errors: candidate 3/100 (3.00%) vs baseline 0/900 (0.00%); log-LR 4.61"
                  + " ≥ 4.61 → regression (α 0.01)");
    }

    @Test
    void observe_candidateRefusingConnections_failsTheErrorComparison() {
      Observation refused =
          Observation.of(START, new RequestCounts(0, 0, 0, 0, 0, 0, 50), counts(900, 0));

      Assessment assessment = start(ERRORS_ONLY).observe(refused);

      assertThat(assessment.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(assessment.reason())
          .startsWith("errors: candidate 50/50 (100.00%) vs baseline 0/900 (0.00%); log-LR");
    }

    @Test
    void observe_runningRegression_saysWhatItWaitsFor() {
      Assessment assessment = start(ERRORS_ONLY).observe(second(0, 100, 1, 900, 1));

      assertThat(assessment.outcome()).isEqualTo(Outcome.RUNNING);
      assertThat(assessment.reason())
          .isEqualTo("waiting for errors, the minimum duration of 1m, 200 candidate requests");
      assertThat(assessment.evidence())
          .singleElement()
          .extracting(Evidence::summary)
          .isEqualTo(
              "errors: candidate 1/100 (1.00%) vs baseline 1/900 (0.11%), 9.00× the baseline's;"
                  + " log-LR 0.98 < 4.61 to fail, 2× LLR 0.50 > −3.00 to pass → running");
    }
  }

  @Nested
  class Durations {
    @Test
    void observe_comparisonPassedEarly_waitsForTheMinimumDuration() {
      Verification verification = start(ERRORS_ONLY);
      Assessment assessment = null;
      // 10,000 error-free candidate requests a second: the errors pass in the first second.
      for (int i = 0; i < 59; i++) {
        assessment = verification.observe(second(i, 10_000, 0, 90_000, 0));
      }
      assertThat(assessment.outcome()).isEqualTo(Outcome.RUNNING);
      assertThat(assessment.reason()).isEqualTo("waiting for the minimum duration of 1m");
      assertThat(assessment.evidence().getFirst().outcome()).isEqualTo(Outcome.PASS);

      assessment = verification.observe(second(59, 10_000, 0, 90_000, 0));

      assertThat(assessment.outcome()).isEqualTo(Outcome.PASS);
      assertThat(assessment.elapsed()).isEqualTo(Duration.ofMinutes(1));
      assertThat(assessment.reason())
          .isEqualTo("every comparison passed in 1m and 600,000 candidate requests");
      assertThat(assessment.evidence().getFirst().summary())
          .isEqualTo(
              "errors: candidate 0/600,000 (0.00%) vs baseline 0/5,400,000 (0.00%); LLR for under"
                  + " 0.1% 5.00 ≥ 3.00 → negligible (β 0.05)");
    }

    @Test
    void observe_comparisonPassedEarly_waitsForTheMinimumRequests() {
      VerificationSpec spec =
          new VerificationSpec(
              Duration.ZERO,
              Duration.ofHours(1),
              50_000,
              OnInconclusive.APPROVE,
              Optional.of(Comparison.ERRORS),
              Optional.empty(),
              Optional.empty(),
              Limits.NONE);
      Verification verification = start(spec);
      for (int i = 0; i < 4; i++) {
        assertThat(verification.observe(second(i, 10_000, 0, 90_000, 0)).reason())
            .isEqualTo("waiting for 50,000 candidate requests");
      }

      assertThat(verification.observe(second(4, 10_000, 0, 90_000, 0)).outcome())
          .isEqualTo(Outcome.PASS);
    }

    @Test
    void observe_noDecisionAtTheMaximumDuration_isInconclusiveAndSaysWhatHappensNext() {
      VerificationSpec spec =
          new VerificationSpec(
              Duration.ofMinutes(1),
              Duration.ofMinutes(2),
              200,
              OnInconclusive.APPROVE,
              Optional.of(Comparison.ERRORS),
              Optional.empty(),
              Optional.empty(),
              Limits.NONE);
      Verification verification = start(spec);
      Assessment assessment = null;
      // 10 error-free candidate requests a second: 1,200 in 2 minutes, short of the 5,987 that
      // rule out 0.1%.
      for (int i = 0; i < 120; i++) {
        assessment = verification.observe(second(i, 10, 0, 90, 0));
      }

      assertThat(assessment.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
      assertThat(assessment.reason())
          .isEqualTo(
              "no decision in 2m (undecided: errors); onInconclusive: approve, a person decides");
      assertThat(assessment.evidence().getFirst().outcome()).isEqualTo(Outcome.INCONCLUSIVE);
      assertThat(assessment.evidence().getFirst().summary()).endsWith("→ undecided");
    }

    @Test
    void observe_afterADecision_refusesMoreSeconds() {
      Verification verification = start(ERRORS_ONLY);
      verification.observe(second(0, 100, 3, 900, 0));

      assertThatThrownBy(() -> verification.observe(second(1, 100, 0, 900, 0)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "this verification is already decided (fail); start a new one for a new step");
    }

    @Test
    void observe_secondBeforeTheStart_fails() {
      assertThatThrownBy(() -> start(ERRORS_ONLY).observe(second(-1, 100, 0, 900, 0)))
          .hasMessage(
              "the observation at 2026-11-22T09:59:59Z is before the step started at"
                  + " 2026-11-22T10:00:00Z");
    }

    @Test
    void observe_sameSecondTwice_fails() {
      Verification verification = start(ERRORS_ONLY);
      verification.observe(second(3, 100, 0, 900, 0));

      assertThatThrownBy(() -> verification.observe(second(3, 100, 0, 900, 0)))
          .hasMessage(
              "the observation at 2026-11-22T10:00:03Z does not come after the previous one at"
                  + " 2026-11-22T10:00:03Z; feed each second once, in order");
    }

    @Test
    void observe_missingSeconds_countTowardTheDuration() {
      Verification verification = start(ERRORS_ONLY);

      Assessment assessment = verification.observe(second(29, 100, 0, 900, 0));

      assertThat(assessment.elapsed()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Nested
  class Latency {
    private final VerificationSpec spec = withLatency(Duration.ZERO);

    private static VerificationSpec withLatency(Duration warmup) {
      return new VerificationSpec(
          Duration.ofMinutes(1),
          Duration.ofHours(1),
          200,
          OnInconclusive.APPROVE,
          Optional.empty(),
          Optional.of(new LatencyComparison(0.99, Comparison.LATENCY, warmup)),
          Optional.empty(),
          Limits.NONE);
    }

    @Test
    void observe_slowRequestsDuringTheWarmup_doNotCount_andAfterItDo() {
      Verification verification =
          Verification.start(
              withLatency(Duration.ofSeconds(10)),
              START,
              Reference.of(Duration.ofMillis(212), List.of()));

      Assessment cold =
          verification.observe(second(9, 100, 0, 900, 0).withSlow(SplitCounts.of(10, 9)));
      assertThat(cold.outcome()).isEqualTo(Outcome.RUNNING);
      assertThat(cold.reason())
          .isEqualTo("waiting for latency, the minimum duration of 1m, 200 candidate requests");
      assertThat(cold.evidence().get(0).summary()).contains("candidate 0/0");

      Assessment warm =
          verification.observe(second(10, 100, 0, 900, 0).withSlow(SplitCounts.of(10, 9)));
      assertThat(warm.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(warm.reason()).startsWith("latency (slower than 212 ms): candidate 10/100");
    }

    @Test
    void moveThreshold_judgesLaterSecondsAgainstTheNewThreshold() {
      Verification verification =
          Verification.start(spec, START, Reference.of(Duration.ofMillis(212), List.of()));
      verification.observe(second(0, 100, 0, 900, 0).withSlow(SplitCounts.of(1, 9)));

      verification.moveThreshold(Duration.ofMillis(80));

      assertThat(verification.slowerThan()).contains(Duration.ofMillis(80));
      Assessment assessment =
          verification.observe(second(1, 100, 0, 900, 0).withSlow(SplitCounts.of(10, 9)));
      assertThat(assessment.reason())
          .isEqualTo(
              "latency (slower than 80 ms): candidate 11/200 (5.50%) vs baseline 18/1,800 (1.00%),"
                  + " 5.50× the baseline's; log-LR 5.72 ≥ 4.61 → regression (α 0.01)");
    }

    @Test
    void defaultWarmup_isTenSeconds() {
      assertThat(LatencyComparison.DEFAULT.warmup()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void observe_tenTimesTheSlowRequests_failsTheLatencyComparison() {
      Verification verification =
          Verification.start(spec, START, Reference.of(Duration.ofMillis(212), List.of()));

      // The least failing split of these 19 slow requests lands on ln 100; 10 of them overshoot.
      Assessment assessment =
          verification.observe(second(0, 100, 0, 900, 0).withSlow(SplitCounts.of(10, 9)));

      assertThat(assessment.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(assessment.reason())
          .isEqualTo(
              "latency (slower than 212 ms): candidate 10/100 (10.00%) vs baseline 9/900 (1.00%),"
                  + " 10.0× the baseline's; log-LR 6.45 ≥ 4.61 → regression (α 0.01)");
    }

    @Test
    void observe_withoutALatencyThreshold_leavesLatencyOut() {
      Assessment assessment =
          Verification.start(spec, START, Reference.NONE)
              .observe(second(0, 100, 0, 900, 0).withSlow(SplitCounts.of(10, 9)));

      assertThat(assessment.evidence()).isEmpty();
      assertThat(assessment.reason())
          .isEqualTo("waiting for the minimum duration of 1m, 200 candidate requests");
    }

    @Test
    void thresholdToCome_secondsBeforeTheFirstThreshold_doNotCount_thenTheJudgeIsOn() {
      Verification verification =
          Verification.start(spec, START, Reference.thresholdToCome(List.of()));
      // A fresh baseline's first second: nothing to call slow yet.
      Assessment first = verification.observe(second(0, 100, 0, 100, 0));
      assertThat(first.reason())
          .isEqualTo("waiting for latency, the minimum duration of 1m, 200 candidate requests");
      assertThat(first.evidence().get(0).summary()).contains("candidate 0/0");

      verification.moveThreshold(Duration.ofMillis(40));
      Assessment second =
          verification.observe(second(1, 100, 0, 100, 0).withSlow(SplitCounts.of(30, 2)));
      assertThat(second.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(second.reason()).startsWith("latency (slower than 40 ms): candidate 30/100");
    }

    @Test
    void thresholdToCome_neverGiven_isInconclusiveAtTheMaximum_notAPass() {
      VerificationSpec shortSpec =
          new VerificationSpec(
              Duration.ofSeconds(2),
              Duration.ofSeconds(3),
              10,
              OnInconclusive.FAIL,
              Optional.empty(),
              Optional.of(new LatencyComparison(0.99, Comparison.LATENCY, Duration.ZERO)),
              Optional.empty(),
              Limits.NONE);
      Verification verification =
          Verification.start(shortSpec, START, Reference.thresholdToCome(List.of()));
      verification.observe(second(0, 100, 0, 100, 0));
      verification.observe(second(1, 100, 0, 100, 0));

      assertThat(verification.observe(second(2, 100, 0, 100, 0)).outcome())
          .isEqualTo(Outcome.INCONCLUSIVE);
    }

    @Test
    void observation_moreSlowThanRequests_failsNamingTheSecond() {
      assertThatThrownBy(() -> second(0, 10, 0, 90, 0).withSlow(SplitCounts.of(11, 0)))
          .hasMessage(
              "the second at 2026-11-22T10:00:00Z has more slow requests (candidate 11, baseline"
                  + " 0) than requests (candidate 10, baseline 90)");
    }
  }

  @Nested
  class Flows {
    private final VerificationSpec spec =
        new VerificationSpec(
            Duration.ofMinutes(1),
            Duration.ofHours(1),
            200,
            OnInconclusive.APPROVE,
            Optional.empty(),
            Optional.empty(),
            Optional.of(new FlowComparison(0.01, 0.5, List.of(CHECKOUT))),
            Limits.NONE);

    private Observation checkout(int i, long candidate, long baseline) {
      return second(i, 100, 0, 900, 0)
          .withSuccesses(Map.of(CHECKOUT, SplitCounts.of(candidate, baseline)));
    }

    @Test
    void observe_routeStopsOnTheCandidate_failsAsStopped() {
      Verification verification = Verification.start(spec, START, Reference.NONE);
      for (int i = 0; i < 30; i++) {
        assertThat(verification.observe(checkout(i, 10, 90)).outcome()).isEqualTo(Outcome.RUNNING);
      }

      // The baseline keeps serving 90 checkouts a second, the candidate none: after 180, the
      // chance of that under a 10% share is 0.9^180 = 5.8e-9, below 1.4e-6 = (0.01/2)/3,601.
      assertThat(verification.observe(checkout(30, 0, 90)).outcome()).isEqualTo(Outcome.RUNNING);
      Assessment assessment = verification.observe(checkout(31, 0, 90));

      assertThat(assessment.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(assessment.reason())
          .isEqualTo(
              "flow POST /checkout: candidate 300 vs baseline 2,880 successes, 0.94× its share;"
                  + " none on the candidate while the baseline served 180 (chance 5.8e-9 ≤"
                  + " 1.4e-6 under the split) → stopped");
    }

    @Test
    void observe_candidateBelowHalfItsShare_failsTheRatioTest() {
      Verification verification = Verification.start(spec, START, Reference.NONE);
      verification.observe(checkout(0, 3, 90));

      Assessment assessment = verification.observe(checkout(1, 3, 90));

      assertThat(assessment.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(assessment.reason())
          .isEqualTo(
              "flow POST /checkout: candidate 6 vs baseline 180 successes, 0.32× its share; LLR"
                  + " 5.38 ≥ 5.30 → below 0.5× its share");
    }

    @Test
    void observe_routesFromTheReference_areComparedWhenTheSpecNamesNone() {
      VerificationSpec everyRoute =
          new VerificationSpec(
              Duration.ZERO,
              Duration.ofHours(1),
              0,
              OnInconclusive.APPROVE,
              Optional.empty(),
              Optional.empty(),
              Optional.of(FlowComparison.DEFAULT),
              Limits.NONE);

      Assessment assessment =
          Verification.start(everyRoute, START, new Reference(Optional.empty(), List.of(CHECKOUT)))
              .observe(checkout(0, 10, 90));

      assertThat(assessment.outcome()).isEqualTo(Outcome.PASS);
      assertThat(assessment.reason())
          .isEqualTo("no comparison is on, nothing failed in 1s and 100 candidate requests");
      assertThat(assessment.evidence())
          .singleElement()
          .extracting(Evidence::summary)
          .isEqualTo(
              "flow POST /checkout: candidate 10 vs baseline 90 successes, 1.00× its share; LLR"
                  + " −1.80 < 5.30 for below 0.5× its share → flowing");
    }
  }

  @Nested
  class Limits_ {
    @Test
    void observe_errorRatioOverTheLimit_failsOnceTheMinimumRequestsAreServed() {
      Verification verification =
          start(
              withoutComparisons(new Limits(OptionalDouble.of(0.02), Optional.empty(), Map.of())));

      Assessment first = verification.observe(second(0, 100, 3, 900, 0));
      assertThat(first.outcome()).isEqualTo(Outcome.RUNNING);
      assertThat(first.evidence().getFirst().summary())
          .isEqualTo(
              "limit errorRatio: candidate 100 requests, judged from 200; now 3.00% of 100"
                  + " requests → waiting");

      Assessment second = verification.observe(second(1, 100, 3, 900, 0));

      assertThat(second.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(second.reason())
          .isEqualTo("limit errorRatio: candidate 3.00% of 200 requests > 2% → over");
    }

    @Test
    void observe_p99OverTheLimit_fails() {
      Verification verification =
          start(
              withoutComparisons(
                  new Limits(
                      OptionalDouble.empty(), Optional.of(Duration.ofMillis(500)), Map.of())));

      Assessment assessment =
          verification.observe(second(0, 300, 0, 900, 0).withCandidateP99(Duration.ofMillis(812)));

      assertThat(assessment.reason()).isEqualTo("limit p99: candidate 812 ms > 500 ms → over");
    }

    @Test
    void observe_flowUnderTheLimit_failsCountingTheCandidateAtFullTraffic() {
      Verification verification =
          start(
              withoutComparisons(
                  new Limits(OptionalDouble.empty(), Optional.empty(), Map.of(CHECKOUT, 20.0))));
      verification.observe(
          second(0, 100, 0, 900, 0).withSuccesses(Map.of(CHECKOUT, SplitCounts.of(1, 9))));

      Assessment assessment =
          verification.observe(
              second(1, 100, 0, 900, 0).withSuccesses(Map.of(CHECKOUT, SplitCounts.of(1, 9))));

      assertThat(assessment.reason())
          .isEqualTo(
              "limit flowPerSecond POST /checkout: candidate 10.00/s at full traffic < 20/s →"
                  + " under");
    }

    @Test
    void observe_withinEveryLimit_passes() {
      Verification verification =
          start(
              withoutComparisons(
                  new Limits(
                      OptionalDouble.of(0.05),
                      Optional.of(Duration.ofMillis(500)),
                      Map.of(CHECKOUT, 5.0))));

      Assessment assessment =
          verification.observe(
              second(0, 300, 3, 2700, 0)
                  .withCandidateP99(Duration.ofMillis(120))
                  .withSuccesses(Map.of(CHECKOUT, SplitCounts.of(30, 270))));

      assertThat(assessment.outcome()).isEqualTo(Outcome.PASS);
      assertThat(assessment.evidence())
          .extracting(Evidence::summary)
          .containsExactly(
              "limit errorRatio: candidate 1.00% of 300 requests ≤ 5% → within",
              "limit p99: candidate 120 ms ≤ 500 ms → within",
              "limit flowPerSecond POST /checkout: candidate 300.00/s at full traffic ≥ 5/s →"
                  + " within");
    }
  }
}
