package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;

/**
 * Points taken off a lint score of 100 for each finding, by severity. SARIF's {@code note} counts
 * as {@code info}.
 */
public record LintPenalties(double error, double warning, double info) {
  /**
   * Ten errors or fifty warnings empty the score; notes are free. A starting point to tune per
   * team, not a standard: no published norm exists for this.
   */
  public static final LintPenalties DEFAULT = new LintPenalties(10, 2, 0);

  public LintPenalties {
    check("error", error);
    check("warning", warning);
    check("info", info);
  }

  private static void check(String severity, double penalty) {
    Preconditions.check(
        Numbers.within(penalty, 0, Double.MAX_VALUE),
        "the lint penalty for %s must be 0 or more points per finding, got %s",
        severity,
        penalty);
  }

  /** The points {@code findings} cost, before the score is floored at 0. */
  public double cost(LintFindings findings) {
    return findings.errors() * error + findings.warnings() * warning + findings.infos() * info;
  }

  @Override
  public String toString() {
    return "error "
        + Numbers.number(error)
        + ", warning "
        + Numbers.number(warning)
        + ", info "
        + Numbers.number(info);
  }
}
