package dev.conveyor.bench.detection;

import dev.conveyor.core.verify.Comparison;
import dev.conveyor.core.verify.Outcome;
import dev.conveyor.core.verify.SplitSprt;

/**
 * What every design but the textbook SPRT shares with Conveyor's: it fails by its own rule, and
 * passes by the SPRT at the smallest regression that matters (2×), once that test's log-likelihood
 * ratio falls to ln β. Failing wins over passing.
 */
abstract class PassAtMin implements SequentialTest {
  private static final Comparison DESIGN = Comparison.ERRORS;

  private SplitSprt test = SplitSprt.of(DESIGN.minRegression());
  private boolean passed;
  private boolean failed;

  @Override
  public final void observe(Second second) {
    double share = second.candidateShare();
    long candidate = second.candidateErrors();
    long baseline = second.baselineErrors();
    if (!passed) {
      test = test.observe(share, candidate, baseline);
      passed = test.llr() <= Math.log(DESIGN.beta());
    }
    failed |= fails(share, candidate, baseline);
  }

  /** Whether this second makes the design fail; called every second, after failing too. */
  abstract boolean fails(double share, long candidate, long baseline);

  final boolean failed() {
    return failed;
  }

  @Override
  public final Outcome outcome() {
    return failed ? Outcome.FAIL : passed ? Outcome.PASS : Outcome.RUNNING;
  }
}
