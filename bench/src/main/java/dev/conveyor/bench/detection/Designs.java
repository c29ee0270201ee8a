package dev.conveyor.bench.detection;

import dev.conveyor.core.verify.Comparison;
import dev.conveyor.core.verify.Outcome;
import dev.conveyor.core.verify.SplitSprt;
import java.util.List;
import java.util.function.Supplier;

/**
 * The designs of the error comparison measured against each other: Conveyor's, and the alternatives
 * it was chosen over. All share α = 0.01, β = 0.05, a 2× smallest regression and a 10× detection
 * ratio, and all but the textbook SPRT pass only through the 2× SPRT.
 */
final class Designs {
  private static final Comparison DESIGN = Comparison.ERRORS;

  /**
   * ν ≈ E[e^−overshoot] for a step of ln(π₁/π₀) = 1.66 nats (10× at a 10% share) with the overshoot
   * spread evenly over the step: (1 − e^−1.66)/1.66 = 0.49. Siegmund's correction (Sequential
   * Analysis, 1985, ch. 3) moves the boundary by such a factor so that the real α comes near the
   * nominal one; it holds for streams like these, not for every sequence of splits.
   */
  static final double OVERSHOOT_FACTOR = 0.49;

  private Designs() {}

  /** A named way of building one test per run. */
  record Design(String name, Supplier<SequentialTest> factory) {}

  /** The alternatives; Conveyor's own design runs as the verification itself. */
  static List<Design> alternatives() {
    return List.of(
        new Design("mixture 10×+2×, bets scaled (γ)", ScaledMixture::new),
        new Design("mixture 10×+2×, full bets", Mixture::new),
        new Design("union: SPRT 10× at 0.9α, 2× at 0.1α", Union::new),
        new Design("textbook SPRT at 10×, Wald's boundaries", Wald::new),
        new Design("SPRT 10× at ln(0.49/α), no guarantee", Corrected::new));
  }

  /** The same mixture as Conveyor's, always betting in full. */
  private static final class Mixture extends PassAtMin {
    private SplitSprt detect = SplitSprt.of(DESIGN.detect());
    private SplitSprt min = SplitSprt.of(DESIGN.minRegression());

    @Override
    boolean fails(double share, long candidate, long baseline) {
      detect = detect.observe(share, candidate, baseline);
      min = min.observe(share, candidate, baseline);
      double a = Math.log(0.9) + detect.llr();
      double b = Math.log(0.1) + min.llr();
      double max = Math.max(a, b);
      return max + Math.log(Math.exp(a - max) + Math.exp(b - max)) >= Math.log(100);
    }
  }

  /** Two SPRTs, each with its part of α (Bonferroni): the lead's first design. */
  private static final class Union extends PassAtMin {
    private SplitSprt detect = SplitSprt.of(DESIGN.detect());
    private SplitSprt min = SplitSprt.of(DESIGN.minRegression());

    @Override
    boolean fails(double share, long candidate, long baseline) {
      detect = detect.observe(share, candidate, baseline);
      min = min.observe(share, candidate, baseline);
      return detect.llr() >= Math.log(1 / (0.9 * DESIGN.alpha()))
          || min.llr() >= Math.log(1 / (0.1 * DESIGN.alpha()));
    }
  }

  /** One-sided SPRT at 10× with the boundary lowered by the overshoot factor. */
  private static final class Corrected extends PassAtMin {
    private SplitSprt detect = SplitSprt.of(DESIGN.detect());

    @Override
    boolean fails(double share, long candidate, long baseline) {
      detect = detect.observe(share, candidate, baseline);
      return detect.llr() >= Math.log(OVERSHOOT_FACTOR / DESIGN.alpha());
    }
  }

  /**
   * Wald's SPRT at 10× with both of Wald's boundaries: it stops at the first crossing and passes at
   * the lower one, whatever the regression.
   */
  private static final class Wald implements SequentialTest {
    private SplitSprt test = SplitSprt.of(DESIGN.detect());
    private Outcome outcome = Outcome.RUNNING;

    @Override
    public void observe(Second second) {
      if (outcome.decided()) {
        return;
      }
      test =
          test.observe(second.candidateShare(), second.candidateErrors(), second.baselineErrors());
      double alpha = DESIGN.alpha();
      double beta = DESIGN.beta();
      if (test.llr() >= Math.log((1 - beta) / alpha)) {
        outcome = Outcome.FAIL;
      } else if (test.llr() <= Math.log(beta / (1 - alpha))) {
        outcome = Outcome.PASS;
      }
    }

    @Override
    public Outcome outcome() {
      return outcome;
    }
  }
}
