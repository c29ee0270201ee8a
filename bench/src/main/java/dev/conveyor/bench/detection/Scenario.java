package dev.conveyor.bench.detection;

import dev.conveyor.core.verify.WaldBound;
import java.util.Locale;

/**
 * One simulated canary setting: total requests per second, the candidate's share, and each side's
 * error rate per request.
 */
record Scenario(double rate, double share, double baselineErrorRate, double candidateErrorRate) {
  /** The candidate's error rate over the baseline's: 1 for A/A. */
  double regression() {
    return candidateErrorRate / baselineErrorRate;
  }

  boolean identical() {
    return candidateErrorRate == baselineErrorRate;
  }

  /** E.g. {@code 0.1% → 1% (10×)} or {@code A/A 0.1%}. */
  String label() {
    return identical()
        ? "A/A " + percent(baselineErrorRate)
        : percent(baselineErrorRate)
            + " → "
            + percent(candidateErrorRate)
            + String.format(Locale.ROOT, " (%.0f×)", regression());
  }

  /** Wald's bound for this regression at the given error probabilities; none for A/A. */
  WaldBound bound(double alpha, double beta) {
    return new WaldBound(alpha, beta, share, identical() ? 2 : regression());
  }

  static String percent(double rate) {
    return String.format(Locale.ROOT, "%s%%", strip(rate * 100));
  }

  private static String strip(double value) {
    String text = String.format(Locale.ROOT, "%.3f", value);
    return text.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
