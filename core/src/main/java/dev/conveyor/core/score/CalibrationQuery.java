package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;

/**
 * What a {@link RiskCalibration} looks at: one service's production deployments or every service's
 * ({@code service} null), scored by the artifact's score in {@code scoredIn}, counted in {@code
 * bands}.
 */
public record CalibrationQuery(ServiceName service, EnvironmentName scoredIn, ScoreBands bands) {
  public CalibrationQuery {
    Preconditions.present(scoredIn, "the environment whose scores are calibrated");
    Preconditions.present(bands, "the score bands");
  }

  /** Every service, staging scores, the default bands. */
  public static CalibrationQuery defaults() {
    return new CalibrationQuery(null, EnvironmentName.STAGING, ScoreBands.DEFAULT);
  }

  public CalibrationQuery of(ServiceName service) {
    return new CalibrationQuery(service, scoredIn, bands);
  }

  public CalibrationQuery scoredIn(EnvironmentName environment) {
    return new CalibrationQuery(service, environment, bands);
  }

  public CalibrationQuery in(ScoreBands bands) {
    return new CalibrationQuery(service, scoredIn, bands);
  }
}
