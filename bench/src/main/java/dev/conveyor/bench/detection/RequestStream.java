package dev.conveyor.bench.detection;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * A seeded stream of simulated seconds: requests arrive as a Poisson process at {@code rate} per
 * second, each goes to the candidate with probability {@code share} (so each side's count is
 * Poisson too), and each request fails independently with its side's error rate (Bernoulli).
 */
final class RequestStream implements Seconds {
  private final SplittableRandom arrivals;
  private final SplittableRandom errors;
  private final Poisson candidateArrivals;
  private final Poisson baselineArrivals;
  private final double candidateErrorRate;
  private final double baselineErrorRate;

  RequestStream(
      SplittableRandom run,
      double rate,
      double share,
      double baselineErrorRate,
      double candidateErrorRate) {
    // Arrivals and errors draw from separate generators, so that scenarios that differ only in
    // their error rates see the same arrivals.
    this.arrivals = run.split();
    this.errors = run.split();
    this.candidateArrivals = new Poisson(rate * share);
    this.baselineArrivals = new Poisson(rate * (1 - share));
    this.candidateErrorRate = candidateErrorRate;
    this.baselineErrorRate = baselineErrorRate;
  }

  @Override
  public Second next() {
    long candidate = candidateArrivals.sample(arrivals);
    long baseline = baselineArrivals.sample(arrivals);
    return new Second(
        candidate,
        baseline,
        binomial(errors, candidate, candidateErrorRate),
        binomial(errors, baseline, baselineErrorRate));
  }

  /**
   * Successes in {@code n} Bernoulli trials of probability {@code p}, exactly, by jumping from one
   * success to the next with geometric gaps: about n·p + 1 draws, cheap for rare errors.
   */
  static long binomial(SplittableRandom random, long n, double p) {
    if (p > 0.5) {
      return n - binomial(random, n, 1 - p);
    }
    if (p <= 0 || n == 0) {
      return 0;
    }
    double logFailure = Math.log1p(-p);
    long successes = 0;
    long trial = 0;
    while (true) {
      trial += (long) Math.floor(Math.log(1 - random.nextDouble()) / logFailure) + 1;
      if (trial > n) {
        return successes;
      }
      successes++;
    }
  }

  /**
   * Exact Poisson sampling: multiplication of uniforms below a mean of 10, Hörmann's transformed
   * rejection with squeeze (PTRS; "The transformed rejection method for generating Poisson random
   * variables", Insurance: Mathematics and Economics 12, 1993) above, as NumPy does. A few hundred
   * nanoseconds at a mean of 900, where commons-math3's sampler took 35 µs.
   */
  static final class Poisson {
    private final double mean;
    private final double logMean;
    private final double b;
    private final double a;
    private final double logInverseAlpha;
    private final double vr;

    Poisson(double mean) {
      this.mean = mean;
      this.logMean = Math.log(mean);
      double root = Math.sqrt(mean);
      this.b = 0.931 + 2.53 * root;
      this.a = -0.059 + 0.02483 * b;
      this.logInverseAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
      this.vr = 0.9277 - 3.6224 / (b - 2);
    }

    long sample(SplittableRandom random) {
      if (mean < 10) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long k = 0;
        while (product > limit) {
          product *= random.nextDouble();
          k++;
        }
        return k;
      }
      while (true) {
        double u = random.nextDouble() - 0.5;
        double v = random.nextDouble();
        double us = 0.5 - Math.abs(u);
        long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= vr) {
          return k;
        }
        if (k < 0 || (us < 0.013 && v > us)) {
          continue;
        }
        if (Math.log(v) + logInverseAlpha - Math.log(a / (us * us) + b)
            <= -mean + k * logMean - Gamma.logGamma(k + 1)) {
          return k;
        }
      }
    }
  }
}
