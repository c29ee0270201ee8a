package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;

/**
 * The sequential test behind a comparison judge: fails when the candidate's event rate is above the
 * baseline's, passes once a regression that matters is ruled out, and may be looked at every second
 * without inflating either error.
 *
 * <p><b>Failing.</b> The statistic is a test martingale: a mixture of {@link SplitSprt} likelihood
 * ratios at {@link Comparison#detect()} (weight {@value #DETECT_WEIGHT}) and at {@link
 * Comparison#minRegression()} (the rest), each started at 1. It fails when the mixture reaches 1/α;
 * by Ville's inequality that happens with probability at most α when the candidate is no worse than
 * the baseline. A mixture fails whenever a union of the two SPRTs at 0.9α and 0.1α would, and
 * sooner; moving a tenth of α off the detection ratio costs ln(1/0.9) = 0.1 nats there.
 *
 * <p>Each second it bets only what it needs. An event moves a likelihood ratio by a whole step
 * (1.66 nats per candidate error at 10× and a 10% share), so a plain SPRT overshoots its boundary
 * and wastes the α it overshoots by. When some outcome of the coming second would take the mixture
 * past 1/α, this test bets that second at smaller ratios (each {@code r} becomes {@code r^s}, the
 * least {@code s} in (0, 1] that still fails on the least failing outcome): that outcome then lands
 * on 1/α and the others lose less. The ratios are chosen from the second's totals and share before
 * the split is looked at, so each second's factor is still a likelihood ratio with mean 1 under H₀,
 * and the bound holds.
 *
 * <p><b>Passing.</b> Either of two, each by Ville's inequality on a reciprocal likelihood ratio:
 *
 * <ul>
 *   <li>relative: the SPRT at {@link Comparison#minRegression()} falls to ln β. A candidate whose
 *       rate is {@code minRegression} × the baseline's or more passes this way with probability at
 *       most β, ever; larger regressions far less often;
 *   <li>absolute (when {@link Comparison#negligible()} is above 0): the likelihood ratio of "the
 *       candidate's event ratio is negligible/2" against "it is negligible", over the candidate's
 *       own requests, reaches 1/β. A candidate at {@code negligible} or above passes this way with
 *       probability at most β. This is what lets a comparison end when neither side has events.
 * </ul>
 *
 * <p>Outcomes are sticky, except that a pass can still turn into a fail while the test is fed.
 */
public final class RegressionTest {
  /** The mixture's weight on the detection ratio: most of α where speed matters. */
  static final double DETECT_WEIGHT = 0.9;

  /** Slack for rounding when a bet lands exactly on the boundary: a factor e^1e-9 on α at most. */
  private static final double LANDING_TOLERANCE = 1e-9;

  /** Bisection steps for the bet's exponent: 2^-50 of the way from 0 to 1. */
  private static final int BET_STEPS = 50;

  private final Comparison design;
  private final double failAt;
  private final double passAt;
  private final double[] ratios;
  private final double[] logWealth;
  private final double negligibleSuccess;
  private final double negligibleEvent;
  private SplitSprt relative;
  private double absolute;
  private SplitCounts requests = SplitCounts.ZERO;
  private SplitCounts events = SplitCounts.ZERO;
  private boolean failed;
  private boolean passed;

  public RegressionTest(Comparison design) {
    this.design = Preconditions.present(design, "design");
    this.failAt = Math.log(1 / design.alpha());
    this.passAt = Math.log(design.beta());
    if (design.detect() == design.minRegression()) {
      ratios = new double[] {design.detect()};
      logWealth = new double[] {0};
    } else {
      ratios = new double[] {design.detect(), design.minRegression()};
      logWealth = new double[] {Math.log(DETECT_WEIGHT), Math.log(1 - DETECT_WEIGHT)};
    }
    double q = design.negligible();
    this.negligibleSuccess = q == 0 ? 0 : Math.log((1 - q / 2) / (1 - q));
    this.negligibleEvent = Math.log(0.5);
    this.relative = SplitSprt.of(design.minRegression());
  }

  public Comparison design() {
    return design;
  }

  /** Feeds one second: each side's requests, and its events among them. */
  public void observe(SplitCounts secondRequests, SplitCounts secondEvents) {
    Preconditions.check(
        secondEvents.candidate() <= secondRequests.candidate()
            && secondEvents.baseline() <= secondRequests.baseline(),
        "events (%s) cannot outnumber requests (%s) on either side",
        secondEvents,
        secondRequests);
    requests = requests.plus(secondRequests);
    events = events.plus(secondEvents);
    if (design.negligible() > 0 && !passed) {
      long candidateEvents = secondEvents.candidate();
      absolute +=
          (secondRequests.candidate() - candidateEvents) * negligibleSuccess
              + candidateEvents * negligibleEvent;
      passed = absolute >= -passAt;
    }
    double share = secondRequests.candidateShare();
    if (!(share > 0 && share < 1) || secondEvents.total() == 0) {
      return; // one side served nothing, or nothing happened: the split says nothing
    }
    if (!passed) {
      relative = relative.observe(share, secondEvents.candidate(), secondEvents.baseline());
      passed = relative.llr() <= passAt;
    }
    if (!failed) {
      double s = betExponent(share, secondEvents.total());
      for (int i = 0; i < ratios.length; i++) {
        logWealth[i] +=
            SplitSprt.increment(
                Math.pow(ratios[i], s), share, secondEvents.candidate(), secondEvents.baseline());
      }
      failed = statistic() >= failAt - LANDING_TOLERANCE;
    }
  }

  /**
   * 1 unless some outcome of this second would reach the boundary; else the least exponent with
   * which the least such outcome still reaches it.
   */
  private double betExponent(double share, long total) {
    if (after(1, share, total, total) < failAt) {
      return 1; // no outcome of this second can fail the test: bet in full
    }
    long least = 0; // the least candidate count that fails with a full bet; after() rises with it
    long most = total;
    while (least < most) {
      long mid = (least + most) >>> 1;
      if (after(1, share, mid, total) >= failAt) {
        most = mid;
      } else {
        least = mid + 1;
      }
    }
    double low = 0; // at 0 nothing is bet and the mixture stays below the boundary
    double high = 1; // at 1 the least failing outcome fails
    for (int i = 0; i < BET_STEPS; i++) {
      double mid = (low + high) / 2;
      if (after(mid, share, least, total) >= failAt) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
  }

  /** ln of the mixture if {@code candidate} of {@code total} events fall on the candidate. */
  private double after(double exponent, double share, long candidate, long total) {
    double[] next = new double[ratios.length];
    for (int i = 0; i < ratios.length; i++) {
      next[i] =
          logWealth[i]
              + SplitSprt.increment(
                  Math.pow(ratios[i], exponent), share, candidate, total - candidate);
    }
    return logSumExp(next);
  }

  private static double logSumExp(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double v : values) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  /** ln of the mixture martingale: the test fails at {@link #failAt()}. */
  public double statistic() {
    return logSumExp(logWealth);
  }

  /** ln(1/α). */
  public double failAt() {
    return failAt;
  }

  /** The log-likelihood ratio of the SPRT at {@code minRegression}: passes at {@link #passAt()}. */
  public double relativeStatistic() {
    return relative.llr();
  }

  /**
   * ln of the likelihood ratio of "negligible/2" against "negligible" over the candidate's
   * requests: passes at −{@link #passAt()}; 0 when the design has no negligible ratio.
   */
  public double absoluteStatistic() {
    return absolute;
  }

  /** ln β. */
  public double passAt() {
    return passAt;
  }

  /** Every request fed so far, on each side. */
  public SplitCounts requests() {
    return requests;
  }

  /** Every event fed so far, on each side. */
  public SplitCounts events() {
    return events;
  }

  public Outcome outcome() {
    return failed ? Outcome.FAIL : passed ? Outcome.PASS : Outcome.RUNNING;
  }
}
