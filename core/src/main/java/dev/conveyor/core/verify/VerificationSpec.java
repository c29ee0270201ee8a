package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.config.ConfigReader;
import java.time.Duration;
import java.util.Optional;

/**
 * What a verify step checks and how long it may take: the comparisons of candidate with baseline
 * (errors, latency, message flows), absolute limits, and the step's minimum and maximum duration. A
 * comparison that is empty is off.
 *
 * <p>In a plan file it is a {@code verify:} block; every key is optional:
 *
 * <pre>{@code
 * verify:
 *   minDuration: 1m            # no pass before this
 *   maxDuration: 1h            # no decision by then: inconclusive
 *   minRequests: 200           # candidate requests before a pass, and before limits judge
 *   onInconclusive: approve    # approve (ask a person) or fail
 *   errors:                    # or `errors: off`
 *     alpha: 0.01              # chance of failing a candidate as good as the baseline
 *     beta: 0.05               # chance of passing one minRegression × worse
 *     minRegression: 2         # the smallest regression that matters
 *     detect: 10               # the regression the test is fastest at
 *     negligible: 0.001        # an error ratio that passes whatever the baseline's
 *   latency:                   # or `latency: off`
 *     quantile: 0.99           # slow = slower than the baseline's p99
 *     alpha: 0.01
 *     beta: 0.05
 *     minRegression: 2
 *     detect: 10
 *     negligible: 0            # none
 *     warmup: 10s              # the candidate's first seconds do not count (errors do)
 *   flows:                     # or `flows: off`
 *     alpha: 0.01
 *     minRatio: 0.5            # a route below half its share of successes fails
 *     routes: [POST /checkout] # default: every route the fleet served
 *   limits:                    # none by default
 *     errorRatio: 0.05
 *     p99: 800ms
 *     flowPerSecond: {POST /checkout: 2}
 * }</pre>
 *
 * @param minDuration the least time before the step may pass (it may fail at any time)
 * @param maxDuration the time after which a step without a decision is inconclusive
 * @param minRequests the least candidate requests before the step may pass, and before the limits
 *     judge
 * @param onInconclusive what an inconclusive step asks the controller to do
 * @param errors the error comparison, if on
 * @param latency the latency comparison, if on
 * @param flows the message-flow comparison, if on
 * @param limits the absolute limits
 */
public record VerificationSpec(
    Duration minDuration,
    Duration maxDuration,
    long minRequests,
    OnInconclusive onInconclusive,
    Optional<Comparison> errors,
    Optional<LatencyComparison> latency,
    Optional<FlowComparison> flows,
    Limits limits) {
  public static final Duration DEFAULT_MIN_DURATION = Duration.ofMinutes(1);

  /**
   * An hour: at 100 requests/s with a 10% canary and 0.1% errors, ruling out a doubling takes 19
   * minutes on average (Wald's bound under H₀: 11,200 canary requests) and longer than an hour in
   * about 2% of runs (docs/BENCHMARKS.md, Detection).
   */
  public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(1);

  public static final long DEFAULT_MIN_REQUESTS = 200;

  /**
   * Ask a person: a step that runs out of time found no regression at α but could not rule one out
   * at β, which is most often too little traffic, not a bad candidate. Unattended pipelines set
   * {@code fail}.
   */
  public static final OnInconclusive DEFAULT_ON_INCONCLUSIVE = OnInconclusive.APPROVE;

  public static final VerificationSpec DEFAULT =
      new VerificationSpec(
          DEFAULT_MIN_DURATION,
          DEFAULT_MAX_DURATION,
          DEFAULT_MIN_REQUESTS,
          DEFAULT_ON_INCONCLUSIVE,
          Optional.of(Comparison.ERRORS),
          Optional.of(LatencyComparison.DEFAULT),
          Optional.of(FlowComparison.DEFAULT),
          Limits.NONE);

  public VerificationSpec {
    Preconditions.present(minDuration, "minDuration");
    Preconditions.present(maxDuration, "maxDuration");
    Preconditions.check(
        !minDuration.isNegative(), "minDuration must not be negative, got %s", minDuration);
    Preconditions.check(
        maxDuration.isPositive() && maxDuration.compareTo(minDuration) >= 0,
        "maxDuration must be positive and at least minDuration (%s), got %s",
        minDuration,
        maxDuration);
    Preconditions.check(minRequests >= 0, "minRequests must not be negative, got %s", minRequests);
    Preconditions.present(onInconclusive, "onInconclusive");
    Preconditions.present(errors, "errors");
    Preconditions.present(latency, "latency");
    Preconditions.present(flows, "flows");
    Preconditions.present(limits, "limits");
  }

  /** The same judges, run for exactly {@code hold}: a partial deployment's hold. */
  public VerificationSpec holdingFor(Duration hold) {
    return new VerificationSpec(
        hold, hold, minRequests, onInconclusive, errors, latency, flows, limits);
  }

  /**
   * Reads a {@code verify:} block: {@code verify} is the reader of that mapping, e.g. {@code
   * step.child("verify")}. Every problem is a {@link dev.conveyor.core.config.ConfigException}
   * naming the file, the line and the key's full path.
   */
  public static VerificationSpec read(ConfigReader verify) {
    return VerificationSpecReader.read(verify);
  }
}
