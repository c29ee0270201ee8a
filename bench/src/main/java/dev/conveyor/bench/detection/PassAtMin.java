package dev.conveyor.bench.detection;

import dev.conveyor.core.verify.Comparison;
import dev.conveyor.core.verify.Outcome;
import dev.conveyor.core.verify.SplitSprt;

/**
 * The passing half every design but the textbook SPRT shares with Conveyor's: the SPRT at the
 * smallest regression that matters (2×), passing once its log-likelihood ratio falls to ln β.
 */
final class PassAtMin {
  private static final Comparison DESIGN = Comparison.ERRORS;

  private SplitSprt test = SplitSprt.of(DESIGN.minRegression());
  private boolean passed;

  void observe(double share, long candidate, long baseline) {
    if (!passed) {
      test = test.observe(share, candidate, baseline);
      passed = test.llr() <= Math.log(DESIGN.beta());
    }
  }

  Outcome outcome() {
    return passed ? Outcome.PASS : Outcome.RUNNING;
  }
}
