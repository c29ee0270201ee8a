package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One score band of a {@link RiskCalibration}: how many production deployments scored in it, how
 * many of them were rolled back, the rate, and its 95% Wilson interval.
 */
public record CalibrationRow(ScoreBand band, long deployments, long rolledBack) {
  public CalibrationRow {
    Preconditions.present(band, "band");
    Preconditions.check(
        deployments >= 0 && rolledBack >= 0 && rolledBack <= deployments,
        "a band has 0 or more deployments and at most that many rolled back, got %s of %s",
        rolledBack,
        deployments);
  }

  /** The share of the band's deployments that were rolled back; none when it has none. */
  public OptionalDouble rate() {
    return deployments == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) rolledBack / deployments);
  }

  /** The rate's 95% interval; none when the band has no deployments. */
  public Optional<WilsonInterval> interval() {
    return deployments == 0
        ? Optional.empty()
        : Optional.of(WilsonInterval.of(rolledBack, deployments));
  }
}
