package dev.conveyor.bench.detection;

import java.util.Arrays;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * A Kayenta-style fixed-window judge: at the end of a {@code windowMinutes}-minute analysis, the
 * per-minute error rates of the candidate and of the baseline are compared with a Mann-Whitney U
 * test (commons-math3, two-sided, normal approximation); the canary fails when p &lt; α and the
 * candidate's mean rate is the higher, and is promoted otherwise.
 *
 * <p>Kayenta's NetflixACAJudge also removes outliers (IQR, factor 3) and classifies a metric High
 * only when the 98% confidence interval of the Hodges–Lehmann shift clears a fraction of the
 * estimate; this model keeps only the rank test on a fixed window, the part the issue names.
 */
final class KayentaJudge implements Judge {
  private final int windowMinutes;
  private final double alpha;
  private final double[] candidateRates;
  private final double[] baselineRates;
  private long seconds;
  private long candidateRequests;
  private long candidateErrors;
  private long baselineRequests;
  private long baselineErrors;
  private Decision decision = Decision.RUNNING;

  KayentaJudge(int windowMinutes, double alpha) {
    this.windowMinutes = windowMinutes;
    this.alpha = alpha;
    this.candidateRates = new double[windowMinutes];
    this.baselineRates = new double[windowMinutes];
  }

  @Override
  public Decision observe(Second second) {
    if (decision.decided()) {
      return decision;
    }
    seconds++;
    candidateRequests += second.candidateRequests();
    candidateErrors += second.candidateErrors();
    baselineRequests += second.baselineRequests();
    baselineErrors += second.baselineErrors();
    if (seconds % 60 != 0) {
      return decision;
    }
    int minute = (int) (seconds / 60) - 1;
    candidateRates[minute] = rate(candidateErrors, candidateRequests);
    baselineRates[minute] = rate(baselineErrors, baselineRequests);
    candidateRequests = candidateErrors = baselineRequests = baselineErrors = 0;
    if (minute + 1 < windowMinutes) {
      return decision;
    }
    double p = new MannWhitneyUTest().mannWhitneyUTest(candidateRates, baselineRates);
    boolean worse = mean(candidateRates) > mean(baselineRates);
    return decision = p < alpha && worse ? Decision.ROLLBACK : Decision.PROMOTE;
  }

  private static double rate(long errors, long requests) {
    return requests == 0 ? 0 : (double) errors / requests;
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(0);
  }
}
