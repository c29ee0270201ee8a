package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;

/**
 * Wald's sequential probability ratio test on how events of one kind (errors, slow requests, a
 * route's successes) split between a candidate and a baseline that serve live traffic side by side.
 *
 * <p>Each second the candidate served {@code n_c} requests and the baseline {@code n_b}; of the
 * {@code x} events in that second, {@code x_c} fell on the candidate. Conditioned on {@code x},
 * each event falls on the candidate with probability π₀ = n_c / (n_c + n_b) when both have the same
 * event rate (H₀), and with π₁ = r·π₀ / (r·π₀ + 1 − π₀) when the candidate's rate is {@code r}
 * times the baseline's (H₁). The log-likelihood ratio of the second is
 *
 * <pre>  x_c·ln(π₁/π₀) + x_b·ln((1 − π₁)/(1 − π₀))</pre>
 *
 * and the test's statistic is its sum over the seconds. Conditioning on the total removes whatever
 * both sides share: load, a failing dependency, the time of day; π₀ is taken from each second's
 * actual split, so weights may change during the test. Under H₀ {@code exp(llr)} is a martingale
 * whatever the sequence of splits and totals (a binomial likelihood ratio with a known π₀ per
 * second), so by Ville's inequality (Ville 1939) it ever reaches {@code 1/α} with probability at
 * most α: the test may be looked at every second without inflating false alarms. When requests (not
 * events) are split at random, the real conditional law is hypergeometric, which is less dispersed
 * than the binomial (Hoeffding 1963, Theorem 4), so the bound still holds.
 *
 * <p>The record is a value: {@link #observe} returns the test after one more second. Ratios below 1
 * test for a drop (a route whose successes fall below its share).
 *
 * @param ratio {@code r}, the candidate's event rate under H₁ relative to the baseline's
 * @param llr the log-likelihood ratio of H₁ against H₀ so far
 * @param events the events counted so far, on each side
 */
public record SplitSprt(double ratio, double llr, SplitCounts events) {
  public SplitSprt {
    Preconditions.check(
        Double.isFinite(ratio) && ratio > 0 && ratio != 1,
        "the ratio of an SPRT must be a positive number other than 1, got %s",
        ratio);
    Preconditions.check(!Double.isNaN(llr), "llr must be a number, got NaN");
    Preconditions.present(events, "events");
  }

  /** A test of "the candidate's rate is {@code ratio} × the baseline's" that has seen nothing. */
  public static SplitSprt of(double ratio) {
    return new SplitSprt(ratio, 0, SplitCounts.ZERO);
  }

  /**
   * The test after one more second in which the candidate had {@code candidateEvents} events and
   * the baseline {@code baselineEvents}, with the candidate's share of the requests {@code
   * nullShare}.
   */
  public SplitSprt observe(double nullShare, long candidateEvents, long baselineEvents) {
    return new SplitSprt(
        ratio,
        llr + increment(ratio, nullShare, candidateEvents, baselineEvents),
        events.plus(SplitCounts.of(candidateEvents, baselineEvents)));
  }

  /**
   * π₁: the probability that an event falls on the candidate when its rate is {@code ratio} times
   * the baseline's and it serves {@code nullShare} of the requests.
   */
  public static double alternativeShare(double ratio, double nullShare) {
    return ratio * nullShare / (ratio * nullShare + 1 - nullShare);
  }

  /**
   * The log-likelihood ratio contributed by one second; 0 when one side served nothing (a split
   * cannot compare rates then).
   */
  public static double increment(
      double ratio, double nullShare, long candidateEvents, long baselineEvents) {
    if (!(nullShare > 0 && nullShare < 1) || candidateEvents + baselineEvents == 0) {
      return 0;
    }
    double alternative = alternativeShare(ratio, nullShare);
    return candidateEvents * Math.log(alternative / nullShare)
        + baselineEvents * Math.log((1 - alternative) / (1 - nullShare));
  }
}
