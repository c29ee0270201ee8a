package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import java.util.OptionalDouble;

/**
 * One quality input to a risk score, already normalised: a score from 0 to 100, the weight it
 * carries in its stage's aggregate, an optional veto floor and one line of evidence saying where
 * the score came from (e.g. {@code 412 of 415 tests passed (3 failed, 0 errors, 7 skipped)}).
 *
 * <p>A measure with a veto floor <em>vetoes</em> when its score is below that floor: the gate then
 * fails whatever the aggregate, because some failures (a failing test, an unreviewed commit) are
 * not made good by a high score elsewhere. A measure with weight 0 is shown but does not count.
 *
 * @param name the measure's name, e.g. {@code tests}; see {@link MeasureKind}
 * @param vetoFloor when present, a score below it blocks the gate
 */
public record Measure(
    String name, double score, double weight, OptionalDouble vetoFloor, String evidence) {
  public Measure {
    Preconditions.check(
        name != null && !name.isBlank(), "a measure needs a name, such as tests or coverage");
    Preconditions.check(
        Numbers.within(score, 0, 100),
        "measure '%s' has score %s; scores run from 0 to 100",
        name,
        score);
    Preconditions.check(
        Numbers.within(weight, 0, Double.MAX_VALUE),
        "measure '%s' has weight %s; weights are 0 (shown, not counted) or more",
        name,
        weight);
    Preconditions.present(vetoFloor, "the veto floor of measure '" + name + "'");
    Preconditions.check(
        vetoFloor.isEmpty() || Numbers.within(vetoFloor.getAsDouble(), 0, 100),
        "measure '%s' has veto floor %s; veto floors run from 0 to 100",
        name,
        vetoFloor.orElse(0));
    Preconditions.present(evidence, "the evidence of measure '" + name + "'");
  }

  /** A measure without a veto floor. */
  public static Measure of(String name, double score, double weight, String evidence) {
    return new Measure(name, score, weight, OptionalDouble.empty(), evidence);
  }

  /** Whether this measure can veto at all. */
  public boolean hasVeto() {
    return vetoFloor.isPresent();
  }

  /** Whether this measure blocks the gate: its score is below its veto floor. */
  public boolean vetoes() {
    return vetoFloor.isPresent() && score < vetoFloor.getAsDouble();
  }

  /** Whether this measure counts in the weighted aggregate. */
  public boolean counts() {
    return weight > 0;
  }
}
