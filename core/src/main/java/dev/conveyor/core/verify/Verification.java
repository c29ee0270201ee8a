package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One verify step in progress: fed one {@link Observation} per second by the controller, it answers
 * each time with an {@link Assessment}.
 *
 * <p>The step fails the moment any judge fails: a comparison's sequential test (anytime-valid, so
 * looking every second costs nothing), a route's flow, or a limit. It passes once every comparison
 * has passed, the minimum duration has elapsed and the candidate has answered the minimum requests.
 * At the maximum duration without either it is inconclusive, and {@link
 * VerificationSpec#onInconclusive()} says what the controller should make of that.
 *
 * <p>The judges: the error comparison ({@link RegressionTest} on 5xx answers and connect failures
 * per attempt, so that a candidate that refuses connections fails it too), the latency comparison
 * (the same test on requests slower than {@link Reference#slowerThan()}; off without one, unless
 * {@link Reference#thresholdToCome()}), the flow comparison ({@link FlowJudge}, on the spec's
 * routes or the reference's; off without any), and the limits. If the false-alarm chances of the
 * comparisons are α₁, α₂, α₃, a candidate as good as its baseline fails the step with probability
 * at most α₁ + α₂ + α₃.
 */
public final class Verification {
  private static final String ERRORS = "errors";
  private static final String LATENCY = "latency";

  private final VerificationSpec spec;
  private final Instant start;
  private final Optional<RegressionTest> errors;
  private final Optional<RegressionTest> latency;
  private Optional<Duration> slowerThan;
  private final Optional<FlowJudge> flows;
  private final Optional<LimitsJudge> limits;
  private final String waitingForDuration;
  private final String waitingForRequests;
  private Instant last;
  private SplitCounts requests = SplitCounts.ZERO;
  private Assessment assessment;

  private Verification(VerificationSpec spec, Instant start, Reference reference) {
    this.spec = spec;
    this.start = start;
    this.errors = spec.errors().map(RegressionTest::new);
    this.slowerThan = reference.slowerThan();
    this.latency =
        slowerThan.isPresent() || reference.thresholdToCome()
            ? spec.latency().map(l -> new RegressionTest(l.comparison()))
            : Optional.empty();
    this.flows =
        spec.flows()
            .flatMap(
                f -> {
                  List<String> routes = f.routes().isEmpty() ? reference.routes() : f.routes();
                  return routes.isEmpty()
                      ? Optional.empty()
                      : Optional.of(new FlowJudge(f, routes, spec.maxDuration().toSeconds()));
                });
    this.limits =
        spec.limits().isEmpty()
            ? Optional.empty()
            : Optional.of(new LimitsJudge(spec.limits(), spec.minRequests()));
    // Worded once: a controller asks every second.
    this.waitingForDuration = "the minimum duration of " + Format.duration(spec.minDuration());
    this.waitingForRequests = Format.count(spec.minRequests()) + " candidate requests";
    this.assessment =
        new Assessment(
            Outcome.RUNNING,
            "waiting for the first second",
            Duration.ZERO,
            requests,
            evidence(Outcome.RUNNING, false));
  }

  /**
   * A verify step that starts at {@code start}, judged by {@code spec} against {@code reference}.
   */
  public static Verification start(VerificationSpec spec, Instant start, Reference reference) {
    Preconditions.present(spec, "spec");
    Preconditions.present(start, "start");
    Preconditions.present(reference, "reference");
    return new Verification(spec, start, reference);
  }

  public VerificationSpec spec() {
    return spec;
  }

  /** The threshold above which the latency judge counts a request as slow, if that judge is on. */
  public Optional<Duration> slowerThan() {
    return latency.isPresent() ? slowerThan : Optional.empty();
  }

  /**
   * Moves the latency threshold, for the seconds observed from now on: the controller follows the
   * baseline's quantile as it drifts (a machine gets busier, traffic changes), so that about the
   * same share of baseline requests stays slow and the judge keeps having events to compare. The
   * test stays valid because each second's threshold is set from the baseline's past alone: for a
   * candidate no slower than the baseline, its share of that second's slow requests is still its
   * share of the traffic. Ignored when the latency judge is off.
   */
  public void moveThreshold(Duration slowerThanNow) {
    Preconditions.present(slowerThanNow, "slowerThanNow");
    if (latency.isPresent()) {
      slowerThan = Optional.of(slowerThanNow);
    }
  }

  /** The routes whose flows the flow judge compares; none when it is off. */
  public List<String> routes() {
    return flows.map(FlowJudge::routes).orElse(List.of());
  }

  /** The assessment after the last observation (RUNNING before the first). */
  public Assessment assessment() {
    return assessment;
  }

  /**
   * Feeds the next second and returns the assessment after it. Seconds must come in order, from the
   * step's start on; gaps are allowed (a second the controller could not read is simply missing).
   */
  public Assessment observe(Observation second) {
    Preconditions.present(second, "observation");
    Preconditions.check(
        !assessment.outcome().decided(),
        "this verification is already decided (%s); start a new one for a new step",
        assessment.outcome().label());
    Preconditions.check(
        !second.at().isBefore(start),
        "the observation at %s is before the step started at %s",
        second.at(),
        start);
    Preconditions.check(
        last == null || second.at().isAfter(last),
        "the observation at %s does not come after the previous one at %s; feed each second once,"
            + " in order",
        second.at(),
        last);
    last = second.at();
    requests = requests.plus(second.requests());
    Duration elapsed = Duration.between(start, second.at().plusSeconds(1));
    errors.ifPresent(test -> test.observe(second.attempts(), second.failures()));
    // The candidate's first seconds are its warm-up: slow as any fresh process, not a regression.
    boolean warm =
        !second
            .at()
            .isBefore(start.plus(spec.latency().map(l -> l.warmup()).orElse(Duration.ZERO)));
    // Until the baseline has a threshold (a fresh baseline's first second), slow means nothing.
    if (warm && slowerThan.isPresent()) {
      latency.ifPresent(test -> test.observe(second.requests(), second.slow()));
    }
    flows.ifPresent(judge -> judge.observe(second));
    limits.ifPresent(judge -> judge.observe(second, elapsed.toSeconds()));
    assessment = decide(elapsed);
    return assessment;
  }

  private Assessment decide(Duration elapsed) {
    boolean failed =
        errors.map(t -> t.outcome() == Outcome.FAIL).orElse(false)
            || latency.map(t -> t.outcome() == Outcome.FAIL).orElse(false)
            || flows.map(FlowJudge::failed).orElse(false)
            || limits.map(LimitsJudge::failed).orElse(false);
    boolean comparisonsPassed =
        errors.map(t -> t.outcome() == Outcome.PASS).orElse(true)
            && latency.map(t -> t.outcome() == Outcome.PASS).orElse(true);
    boolean longEnough = elapsed.compareTo(spec.minDuration()) >= 0;
    boolean enoughRequests = requests.candidate() >= spec.minRequests();
    Outcome outcome;
    if (failed) {
      outcome = Outcome.FAIL;
    } else if (comparisonsPassed && longEnough && enoughRequests) {
      outcome = Outcome.PASS;
    } else if (elapsed.compareTo(spec.maxDuration()) >= 0) {
      outcome = Outcome.INCONCLUSIVE;
    } else {
      outcome = Outcome.RUNNING;
    }
    List<Evidence> evidence = evidence(outcome, enoughRequests);
    return new Assessment(
        outcome, reason(outcome, evidence, elapsed, longEnough), elapsed, requests, evidence);
  }

  private List<Evidence> evidence(Outcome step, boolean enoughRequests) {
    List<Evidence> evidence = new ArrayList<>();
    errors.ifPresent(test -> evidence.add(comparison(ERRORS, test, Optional.empty(), step)));
    latency.ifPresent(test -> evidence.add(comparison(LATENCY, test, slowerThan, step)));
    // Guards have no pass of their own: once there is enough traffic, not failed is passing.
    flows.ifPresent(
        judge -> evidence.addAll(judge.evidence(enoughRequests ? Outcome.PASS : Outcome.RUNNING)));
    limits.ifPresent(judge -> evidence.addAll(judge.evidence()));
    return evidence;
  }

  private static ComparisonEvidence comparison(
      String judge, RegressionTest test, Optional<Duration> slowerThan, Outcome step) {
    Outcome shown =
        step == Outcome.INCONCLUSIVE && test.outcome() == Outcome.RUNNING
            ? Outcome.INCONCLUSIVE
            : test.outcome();
    return ComparisonEvidence.of(judge, shown, test, slowerThan);
  }

  private String reason(
      Outcome outcome, List<Evidence> evidence, Duration elapsed, boolean longEnough) {
    return switch (outcome) {
      case FAIL ->
          evidence.stream()
              .filter(e -> e.outcome() == Outcome.FAIL)
              .findFirst()
              .map(Evidence::summary)
              .orElseThrow();
      case PASS ->
          (errors.isEmpty() && latency.isEmpty()
                  ? "no comparison is on, nothing failed"
                  : "every comparison passed")
              + " in "
              + Format.duration(elapsed)
              + " and "
              + Format.count(requests.candidate())
              + " candidate requests";
      case INCONCLUSIVE ->
          "no decision in "
              + Format.duration(spec.maxDuration())
              + " (undecided: "
              + undecided(evidence)
              + "); onInconclusive: "
              + spec.onInconclusive().label()
              + (spec.onInconclusive() == OnInconclusive.APPROVE
                  ? ", a person decides"
                  : ", the candidate is rolled back");
      case RUNNING -> running(evidence, longEnough);
    };
  }

  private String running(List<Evidence> evidence, boolean longEnough) {
    List<String> waiting = new ArrayList<>();
    String undecided = undecided(evidence);
    if (!undecided.isEmpty()) {
      waiting.add(undecided);
    }
    if (!longEnough) {
      waiting.add(waitingForDuration);
    }
    if (requests.candidate() < spec.minRequests()) {
      waiting.add(waitingForRequests);
    }
    return "waiting for " + String.join(", ", waiting);
  }

  private static String undecided(List<Evidence> evidence) {
    return String.join(
        ", ",
        evidence.stream()
            .filter(e -> e instanceof ComparisonEvidence)
            .filter(e -> !(e.outcome() == Outcome.PASS || e.outcome() == Outcome.FAIL))
            .map(Evidence::judge)
            .toList());
  }
}
