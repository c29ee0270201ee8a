package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.event.ArtifactScored;
import dev.conveyor.core.event.DeploymentFinished;
import dev.conveyor.core.event.DeploymentStarted;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.fleet.EnvironmentName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * From the history, the observed production rollback rate per score band, so that a team sees
 * whether its scores predict failure.
 *
 * <p>Precisely, read from the events in sequence order:
 *
 * <ul>
 *   <li><b>Population.</b> Every deployment of kind {@code deploy} into a fleet in the {@code
 *       production} environment (of the query's service, if it names one). Rollback deployments are
 *       not counted themselves; they only mark what they undo.
 *   <li><b>Score.</b> The score of the deployed artifact's latest {@code ArtifactScored} in the
 *       query's environment ({@code staging} by default) recorded before the deployment started,
 *       whatever the gate decided. A deployment whose artifact had no such scoring is counted as
 *       unscored, apart from the bands.
 *   <li><b>Rolled back.</b> The deployment finished {@code failed} or {@code aborted} (Conveyor
 *       undoes those with a rollback deployment at once), or a later rollback deployment names it
 *       in {@code rollbackOf}: an operator rolled the artifact back out of production after it had
 *       succeeded. Whether that rollback itself succeeded does not matter: someone decided the
 *       artifact had to go.
 *   <li><b>In flight.</b> A deployment still running or paused, and not yet named by a rollback,
 *       has no outcome yet: it is counted apart and left out of the rates. A deployment that
 *       succeeded and was never rolled back counts as not rolled back, however recent.
 * </ul>
 *
 * <p>Each band's rate comes with a 95% {@link WilsonInterval}, since a band of a handful of
 * deployments says little on its own.
 */
public record RiskCalibration(
    CalibrationQuery query,
    List<CalibrationRow> rows,
    long unscored,
    long unscoredRolledBack,
    long inFlight) {
  public RiskCalibration {
    Preconditions.present(query, "query");
    rows = List.copyOf(Preconditions.present(rows, "rows"));
  }

  /** The calibration of {@code events}, which must be in sequence order. */
  public static RiskCalibration of(Iterable<RecordedEvent> events, CalibrationQuery query) {
    Tally tally = new Tally(query);
    events.forEach(tally::accept);
    return tally.result();
  }

  /** How many production deployments had a score, over all bands. */
  public long scored() {
    return rows.stream().mapToLong(CalibrationRow::deployments).sum();
  }

  /**
   * One sentence for people: whether the rollback rate falls as the score rises, comparing the
   * lowest and highest bands that have deployments, and whether their intervals say it is more than
   * chance.
   */
  public String reading() {
    String scores = "the " + query.scoredIn() + " scores";
    List<CalibrationRow> observed = rows.stream().filter(r -> r.deployments() > 0).toList();
    if (observed.isEmpty()) {
      return "No production deployment had a "
          + query.scoredIn()
          + " score yet, so there is nothing to calibrate.";
    }
    if (observed.size() == 1) {
      return "Every scored production deployment falls in "
          + observed.get(0).band()
          + ", so there are no bands to compare yet.";
    }
    CalibrationRow low = observed.get(0);
    CalibrationRow high = observed.get(observed.size() - 1);
    double lowRate = low.rate().orElseThrow();
    double highRate = high.rate().orElseThrow();
    String span = rate(low) + " in " + low.band() + " to " + rate(high) + " in " + high.band();
    if (highRate >= lowRate) {
      return "The rollback rate does not fall as the score rises ("
          + span
          + "): "
          + scores
          + " do not predict failure here.";
    }
    boolean steady = true;
    for (int i = 1; i < observed.size(); i++) {
      steady &= observed.get(i).rate().orElseThrow() <= observed.get(i - 1).rate().orElseThrow();
    }
    String shape =
        steady
            ? "The rollback rate falls as the score rises, from "
            : "The rollback rate is lower in the higher bands but not in every step, from ";
    if (low.interval().orElseThrow().overlaps(high.interval().orElseThrow())) {
      return shape
          + span
          + ", but the 95% intervals of those bands overlap: too few deployments yet to tell"
          + " whether "
          + scores
          + " predict failure.";
    }
    return shape + span + ": " + scores + " predict failure" + (steady ? "." : ", roughly.");
  }

  private static String rate(CalibrationRow row) {
    return Numbers.number(row.rate().orElseThrow() * 100) + "%";
  }

  /** Folds events, in sequence order, into a {@link RiskCalibration} without holding them. */
  public static final class Tally {
    private final CalibrationQuery query;
    private final Map<ArtifactId, Double> latestScore = new HashMap<>();
    private final Map<DeploymentId, Candidate> deployments = new LinkedHashMap<>();

    /** A production deployment: its score (null when unscored) and what became of it. */
    private static final class Candidate {
      final Double score;
      boolean finished;
      boolean rolledBack;

      Candidate(Double score) {
        this.score = score;
      }
    }

    public Tally(CalibrationQuery query) {
      this.query = Preconditions.present(query, "query");
    }

    public void accept(RecordedEvent recorded) {
      if (query.service() != null && !query.service().equals(recorded.event().service())) {
        return;
      }
      switch (recorded.event()) {
        case ArtifactScored e when e.environment().equals(query.scoredIn()) ->
            latestScore.put(e.artifact(), e.score());
        case DeploymentStarted e when inProduction(e.fleet().environment()) -> {
          if (e.kind() == DeploymentKind.ROLLBACK) {
            Candidate undone = deployments.get(e.rollbackOf());
            if (undone != null) {
              undone.rolledBack = true;
            }
          } else {
            deployments.put(e.deployment(), new Candidate(latestScore.get(e.artifact())));
          }
        }
        case DeploymentFinished e when inProduction(e.fleet().environment()) -> {
          Candidate d = deployments.get(e.deployment());
          if (d != null) {
            d.finished = true;
            d.rolledBack |=
                e.result() == DeploymentStatus.FAILED || e.result() == DeploymentStatus.ABORTED;
          }
        }
        default -> {
          // Other events neither score an artifact nor deploy one to production.
        }
      }
    }

    private static boolean inProduction(EnvironmentName environment) {
      return environment.equals(EnvironmentName.PRODUCTION);
    }

    public RiskCalibration result() {
      List<ScoreBand> bands = query.bands().bands();
      long[] counted = new long[bands.size()];
      long[] rolledBack = new long[bands.size()];
      long unscored = 0;
      long unscoredRolledBack = 0;
      long inFlight = 0;
      for (Candidate d : deployments.values()) {
        if (!d.finished && !d.rolledBack) {
          inFlight++;
        } else if (d.score == null) {
          unscored++;
          unscoredRolledBack += d.rolledBack ? 1 : 0;
        } else {
          int band = query.bands().indexOf(d.score);
          counted[band]++;
          rolledBack[band] += d.rolledBack ? 1 : 0;
        }
      }
      List<CalibrationRow> rows = new ArrayList<>();
      for (int i = 0; i < bands.size(); i++) {
        rows.add(new CalibrationRow(bands.get(i), counted[i], rolledBack[i]));
      }
      return new RiskCalibration(query, rows, unscored, unscoredRolledBack, inFlight);
    }
  }
}
