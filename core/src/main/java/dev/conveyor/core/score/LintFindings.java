package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;

/**
 * Lint findings counted by severity. Checkstyle's {@code ignore} and SARIF's {@code none} are not
 * findings; SARIF's {@code note} counts as {@code info}.
 *
 * <p>The score starts at 100 and loses each finding's penalty, floored at 0: see {@link
 * LintPenalties}.
 */
public record LintFindings(long errors, long warnings, long infos) {
  public static final LintFindings NONE = new LintFindings(0, 0, 0);

  public LintFindings {
    Preconditions.check(
        errors >= 0 && warnings >= 0 && infos >= 0,
        "finding counts are 0 or more, got %s errors, %s warnings, %s infos",
        errors,
        warnings,
        infos);
  }

  /** These findings and {@code other}'s together, e.g. Checkstyle's and a SARIF tool's. */
  public LintFindings plus(LintFindings other) {
    return new LintFindings(errors + other.errors, warnings + other.warnings, infos + other.infos);
  }

  public long total() {
    return errors + warnings + infos;
  }

  /** {@code max(0, 100 − cost)}. */
  public double score(LintPenalties penalties) {
    return Math.max(0, 100 - penalties.cost(this));
  }

  /** E.g. {@code 2 errors, 3 warnings, 1 info cost 26 points (error 10, warning 2, info 0)}. */
  public String evidence(LintPenalties penalties) {
    if (total() == 0) {
      return "no lint findings";
    }
    return Numbers.count(errors, "error", "errors")
        + ", "
        + Numbers.count(warnings, "warning", "warnings")
        + ", "
        + Numbers.count(infos, "info", "infos")
        + " cost "
        + Numbers.number(penalties.cost(this))
        + " points ("
        + penalties
        + ")";
  }

  /** The {@code lint} measure under {@code spec}, with its penalties. */
  public Measure measure(MeasureSpec spec) {
    spec.require(MeasureKind.LINT);
    LintPenalties penalties = spec.penalties().orElseThrow();
    return spec.measure(score(penalties), evidence(penalties));
  }
}
