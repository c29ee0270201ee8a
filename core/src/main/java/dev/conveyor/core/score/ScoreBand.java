package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;

/**
 * A range of risk scores: {@code [lower, upper)}, or {@code [lower, upper]} for the top band, which
 * holds a perfect 100.
 */
public record ScoreBand(double lower, double upper, boolean closed) {
  public ScoreBand {
    Preconditions.check(
        lower >= 0 && lower < upper && upper <= 100,
        "a score band needs 0 <= lower < upper <= 100, got [%s, %s]",
        Numbers.number(lower),
        Numbers.number(upper));
  }

  /** Whether {@code score} falls in this band. */
  public boolean contains(double score) {
    return score >= lower && (score < upper || (closed && score == upper));
  }

  /** E.g. {@code [60, 70)}, or {@code [90, 100]} for the top band. */
  public String label() {
    return "[" + Numbers.number(lower) + ", " + Numbers.number(upper) + (closed ? "]" : ")");
  }

  @Override
  public String toString() {
    return label();
  }
}
