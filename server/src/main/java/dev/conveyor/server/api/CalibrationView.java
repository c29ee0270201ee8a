package dev.conveyor.server.api;

import dev.conveyor.core.score.CalibrationRow;
import dev.conveyor.core.score.RiskCalibration;
import dev.conveyor.core.score.WilsonInterval;
import java.util.List;

/**
 * A risk calibration as the API shows it: which scores were banded (the service, or null for all,
 * and the environment they were scored in), a row per band, the unscored and in-flight production
 * deployments counted apart, one sentence reading the table, and the history's last sequence number
 * the calibration read.
 */
public record CalibrationView(
    String service,
    String environment,
    String bands,
    List<Row> rows,
    Unscored unscored,
    long inFlight,
    String reading,
    long seq) {

  /**
   * One band, {@code [lower, upper)} (the top one closed): its production deployments, how many
   * were rolled back, the rate and its 95% Wilson interval (both null when it has none).
   */
  public record Row(
      String band,
      double lower,
      double upper,
      long deployments,
      long rolledBack,
      Double rate,
      Interval interval) {}

  /** A 95% interval of a rate, both ends from 0 to 1. */
  public record Interval(double lower, double upper) {}

  /** Production deployments whose artifact had no score in the environment before they started. */
  public record Unscored(long deployments, long rolledBack) {}

  public static CalibrationView of(RiskCalibration calibration, long seq) {
    List<Row> rows =
        calibration.rows().stream()
            .map(
                (CalibrationRow r) ->
                    new Row(
                        r.band().label(),
                        r.band().lower(),
                        r.band().upper(),
                        r.deployments(),
                        r.rolledBack(),
                        r.rate().isPresent() ? r.rate().getAsDouble() : null,
                        r.interval().map(CalibrationView::interval).orElse(null)))
            .toList();
    return new CalibrationView(
        calibration.query().service() == null ? null : calibration.query().service().value(),
        calibration.query().scoredIn().value(),
        calibration.query().bands().text(),
        rows,
        new Unscored(calibration.unscored(), calibration.unscoredRolledBack()),
        calibration.inFlight(),
        calibration.reading(),
        seq);
  }

  private static Interval interval(WilsonInterval interval) {
    return new Interval(interval.lower(), interval.upper());
  }
}
