package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;

/**
 * Line coverage from a JaCoCo report: lines missed and covered. It is scored against the team's
 * target rather than against 100%, because full coverage is rarely worth its cost: {@code score =
 * min(100, 100 × coverage / target)}. A report with no lines scores 0: it measured nothing.
 */
public record Coverage(long missed, long covered) {
  public Coverage {
    Preconditions.check(
        missed >= 0 && covered >= 0,
        "line counts are 0 or more, got %s missed and %s covered",
        missed,
        covered);
  }

  public long lines() {
    return missed + covered;
  }

  /** The percentage of lines covered, from 0 to 100; 0 when there are no lines. */
  public double percent() {
    return lines() == 0 ? 0 : 100.0 * covered / lines();
  }

  /** {@code min(100, 100 × percent / target)}, for a target percentage above 0. */
  public double score(double target) {
    checkTarget(target);
    return Math.min(100, 100 * percent() / target);
  }

  /** E.g. {@code 72% of lines covered (720 of 1,000) against a target of 80%}. */
  public String evidence(double target) {
    checkTarget(target);
    if (lines() == 0) {
      return "the report has no lines to cover, so this scores 0: were the classes compiled"
          + " with debug information, and did the tests run with the JaCoCo agent?";
    }
    return Numbers.number(percent())
        + "% of lines covered ("
        + Numbers.count(covered)
        + " of "
        + Numbers.count(lines())
        + ") against a target of "
        + Numbers.number(target)
        + "%";
  }

  private static void checkTarget(double target) {
    Preconditions.check(
        target > 0 && target <= 100,
        "the coverage target must be a percentage above 0 and at most 100, got %s",
        target);
  }

  /** The {@code coverage} measure under {@code spec}, against its target. */
  public Measure measure(MeasureSpec spec) {
    spec.require(MeasureKind.COVERAGE);
    double target = spec.target().orElseThrow();
    return spec.measure(score(target), evidence(target));
  }
}
