package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.history.History;
import dev.conveyor.core.testing.CalibrationHistory;
import dev.conveyor.core.testing.InMemoryEventStore;
import dev.conveyor.core.testing.ManualClock;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RiskCalibrationTests {
  private final InMemoryEventStore store =
      InMemoryEventStore.fresh(ManualClock.at("2026-11-22T10:00:00Z"));
  private final History history = new History(store, 100);

  private RiskCalibration calibrate(CalibrationQuery query) {
    return RiskCalibration.of(store.read(EventQuery.all(EventQuery.MAX_LIMIT)), query);
  }

  /** Each row as {@code band deployments/rolledBack}. */
  private static List<String> counts(RiskCalibration calibration) {
    return calibration.rows().stream()
        .map(r -> r.band() + " " + r.deployments() + "/" + r.rolledBack())
        .toList();
  }

  @Nested
  class Counting {
    @Test
    void example_allServices_countsEachProductionDeploymentInItsStagingBand() {
      CalibrationHistory.recordExample(history);

      RiskCalibration calibration = calibrate(CalibrationQuery.defaults());

      assertThat(counts(calibration))
          .containsExactly(
              "[0, 60) 3/3", "[60, 70) 0/0", "[70, 80) 1/0", "[80, 90) 0/0", "[90, 100] 2/0");
      assertThat(calibration.scored()).isEqualTo(6);
      assertThat(calibration.unscored()).isEqualTo(1);
      assertThat(calibration.unscoredRolledBack()).isZero();
      assertThat(calibration.inFlight()).isEqualTo(1);
    }

    @Test
    void example_oneService_leavesTheOthersOut() {
      CalibrationHistory.recordExample(history);

      RiskCalibration calibration =
          calibrate(CalibrationQuery.defaults().of(ServiceName.of("checkout")));

      assertThat(counts(calibration))
          .containsExactly(
              "[0, 60) 2/2", "[60, 70) 0/0", "[70, 80) 1/0", "[80, 90) 0/0", "[90, 100] 2/0");
    }

    @Test
    void example_devScores_andOwnBands() {
      CalibrationHistory.recordExample(history);

      RiskCalibration calibration =
          calibrate(
              CalibrationQuery.defaults().scoredIn(EnvironmentName.DEV).in(ScoreBands.parse("85")));

      // Only checkout v4 was scored in dev (88); the other six finished deployments were not.
      assertThat(counts(calibration)).containsExactly("[0, 85) 0/0", "[85, 100] 1/0");
      assertThat(calibration.unscored()).isEqualTo(6);
      assertThat(calibration.unscoredRolledBack()).isEqualTo(3);
    }

    @Test
    void scoreRecordedAfterTheDeploymentStarted_doesNotCount() {
      CalibrationHistory h = new CalibrationHistory(history);
      h.register("checkout", "v1");
      DeploymentId running = h.start("checkout", "v1", "production");
      h.score("checkout", "v1", "staging", 95);

      assertThat(calibrate(CalibrationQuery.defaults()).inFlight()).isEqualTo(1);
      h.finish("checkout", "v1", "production", running, DeploymentStatus.ABORTED);

      RiskCalibration calibration = calibrate(CalibrationQuery.defaults());
      assertThat(calibration.unscored()).isEqualTo(1);
      assertThat(calibration.unscoredRolledBack()).isEqualTo(1);
      assertThat(calibration.inFlight()).isZero();
    }

    @Test
    void rowsCarryTheRateAndItsWilsonInterval() {
      CalibrationHistory.recordExample(history);

      CalibrationRow low = calibrate(CalibrationQuery.defaults()).rows().get(0);
      CalibrationRow empty = calibrate(CalibrationQuery.defaults()).rows().get(1);

      assertThat(low.rate()).hasValue(1.0);
      // 3 of 3: lower bound n / (n + z²) = 3 / 6.841459 = 0.4385.
      assertThat(low.interval().orElseThrow().lower()).isCloseTo(0.4385, within(1e-4));
      assertThat(low.interval().orElseThrow().upper()).isEqualTo(1);
      assertThat(empty.rate()).isEmpty();
      assertThat(empty.interval()).isEmpty();
    }

    @Test
    void emptyHistory_hasEmptyBands() {
      RiskCalibration calibration = calibrate(CalibrationQuery.defaults());

      assertThat(calibration.scored()).isZero();
      assertThat(calibration.reading())
          .isEqualTo(
              "No production deployment had a staging score yet, so there is nothing to"
                  + " calibrate.");
    }

    @Test
    void unrolledFailedStagingDeployments_andRollbacks_areNotCounted() {
      CalibrationHistory h = new CalibrationHistory(history);
      h.register("checkout", "v1").score("checkout", "v1", "staging", 50);
      h.deploy("checkout", "v1", "staging", DeploymentStatus.FAILED);
      h.deploy("checkout", "v1", "production", DeploymentStatus.SUCCEEDED);

      assertThat(counts(calibrate(CalibrationQuery.defaults())).get(0)).isEqualTo("[0, 60) 1/0");
    }
  }

  @Nested
  class Reading {
    private RiskCalibration of(long... deploymentsAndRolledBack) {
      List<ScoreBand> bands = ScoreBands.DEFAULT.bands();
      List<CalibrationRow> rows =
          java.util.stream.IntStream.range(0, bands.size())
              .mapToObj(
                  i ->
                      new CalibrationRow(
                          bands.get(i),
                          deploymentsAndRolledBack[2 * i],
                          deploymentsAndRolledBack[2 * i + 1]))
              .toList();
      return new RiskCalibration(CalibrationQuery.defaults(), rows, 0, 0, 0);
    }

    @Test
    void example_fallsButTooFewToTell() {
      CalibrationHistory.recordExample(history);

      assertThat(calibrate(CalibrationQuery.defaults()).reading())
          .isEqualTo(
              "The rollback rate falls as the score rises, from 100% in [0, 60) to 0% in"
                  + " [90, 100], but the 95% intervals of those bands overlap: too few"
                  + " deployments yet to tell whether the staging scores predict failure.");
    }

    @Test
    void fallsSteadily_withSeparateIntervals_predicts() {
      assertThat(of(10, 8, 10, 5, 0, 0, 10, 2, 20, 0).reading())
          .isEqualTo(
              "The rollback rate falls as the score rises, from 80% in [0, 60) to 0% in"
                  + " [90, 100]: the staging scores predict failure.");
    }

    @Test
    void fallsUnevenly_predictsRoughly() {
      assertThat(of(10, 8, 10, 2, 10, 5, 0, 0, 20, 0).reading())
          .isEqualTo(
              "The rollback rate is lower in the higher bands but not in every step, from 80% in"
                  + " [0, 60) to 0% in [90, 100]: the staging scores predict failure, roughly.");
    }

    @Test
    void doesNotFall_doesNotPredict() {
      assertThat(of(4, 1, 0, 0, 0, 0, 0, 0, 8, 2).reading())
          .isEqualTo(
              "The rollback rate does not fall as the score rises (25% in [0, 60) to 25% in"
                  + " [90, 100]): the staging scores do not predict failure here.");
    }

    @Test
    void oneBand_nothingToCompare() {
      assertThat(of(0, 0, 0, 0, 3, 1, 0, 0, 0, 0).reading())
          .isEqualTo(
              "Every scored production deployment falls in [70, 80), so there are no bands to"
                  + " compare yet.");
    }
  }
}
