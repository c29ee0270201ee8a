package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;

/**
 * Wald's lower bound on the expected number of events a sequential test needs to tell H₁ (the
 * candidate's event rate is {@code ratio} × the baseline's) from H₀ (equal rates) when the
 * candidate serves {@code nullShare} of the traffic, with false-alarm probability α and miss
 * probability β: the floor against which {@link SplitSprt} and the verification judges are
 * measured.
 *
 * <p>For any test with those error probabilities, Wald's identity gives E₁[llr at the stop] =
 * E₁[N]·KL(π₁‖π₀), and the data-processing inequality bounds the left side below by the binary
 * divergence d(1−β ‖ α) = (1−β)·ln((1−β)/α) + β·ln(β/(1−α)); hence E₁[N] ≥ d(1−β ‖ α) / KL(π₁‖π₀).
 * Wald's SPRT with boundaries ln((1−β)/α) and ln(β/(1−α)) attains it when it never overshoots them
 * (Wald 1945, "Sequential tests of statistical hypotheses", Ann. Math. Statist. 16; its optimality:
 * Wald and Wolfowitz 1948). Real tests overshoot: an event moves the statistic by a whole step.
 */
public record WaldBound(double alpha, double beta, double nullShare, double ratio) {
  public WaldBound {
    Preconditions.check(
        alpha > 0 && beta > 0 && alpha + beta < 1,
        "alpha and beta must be positive with alpha + beta below 1, got alpha %s and beta %s",
        alpha,
        beta);
    Preconditions.check(
        nullShare > 0 && nullShare < 1,
        "the candidate's share of traffic must be between 0 and 1 (exclusive), got %s",
        nullShare);
    Preconditions.check(
        Double.isFinite(ratio) && ratio > 0 && ratio != 1,
        "the ratio must be a positive number other than 1, got %s",
        ratio);
  }

  /** Wald's upper boundary ln((1−β)/α): above it the SPRT rejects H₀. */
  public double upper() {
    return Math.log((1 - beta) / alpha);
  }

  /** Wald's lower boundary ln(β/(1−α)): below it the SPRT accepts H₀. */
  public double lower() {
    return Math.log(beta / (1 - alpha));
  }

  /** π₁, the candidate's share of the events under H₁. */
  public double alternativeShare() {
    return SplitSprt.alternativeShare(ratio, nullShare);
  }

  /** KL(π₁‖π₀) in nats: the evidence one event brings, on average, when H₁ holds. */
  public double divergencePerEvent() {
    double p1 = alternativeShare();
    return p1 * Math.log(p1 / nullShare) + (1 - p1) * Math.log((1 - p1) / (1 - nullShare));
  }

  /** The floor: expected events (candidate's and baseline's) before a decision under H₁. */
  public double expectedEvents() {
    return ((1 - beta) * upper() + beta * lower()) / divergencePerEvent();
  }

  /** KL(π₀‖π₁) in nats: the evidence one event brings, on average, when H₀ holds. */
  public double divergenceUnderNull() {
    double p1 = alternativeShare();
    return nullShare * Math.log(nullShare / p1)
        + (1 - nullShare) * Math.log((1 - nullShare) / (1 - p1));
  }

  /**
   * The floor under H₀: expected events before a test accepts H₀, d(α ‖ 1−β) / KL(π₀‖π₁), by the
   * same argument with the roles of the hypotheses swapped. How long a candidate as good as its
   * baseline must run before a pass can rule out {@code ratio}.
   */
  public double expectedEventsUnderNull() {
    return (-(1 - alpha) * lower() - alpha * upper()) / divergenceUnderNull();
  }

  /** {@link #expectedEventsUnderNull()} in candidate requests: p/π₀ events per request. */
  public double expectedCandidateRequestsUnderNull(double baselineRate) {
    Preconditions.check(
        baselineRate > 0 && baselineRate <= 1,
        "the baseline's event rate must be above 0 and at most 1, got %s",
        baselineRate);
    return expectedEventsUnderNull() / (baselineRate / nullShare);
  }

  /**
   * The floor in candidate requests, when the baseline's event rate per request is {@code
   * baselineRate}: each candidate request brings r·p events of its own and p·(1−π₀)/π₀ of the
   * baseline's.
   */
  public double expectedCandidateRequests(double baselineRate) {
    Preconditions.check(
        baselineRate > 0 && baselineRate * Math.max(1, ratio) <= 1,
        "the baseline's event rate must be above 0 and at most 1/ratio, got %s",
        baselineRate);
    double eventsPerCandidateRequest =
        ratio * baselineRate + baselineRate * (1 - nullShare) / nullShare;
    return expectedEvents() / eventsPerCandidateRequest;
  }
}
