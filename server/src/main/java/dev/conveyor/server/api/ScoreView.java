package dev.conveyor.server.api;

import dev.conveyor.core.event.ArtifactScored;
import dev.conveyor.core.history.Scoring;
import dev.conveyor.core.score.Contribution;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.RiskScore;
import java.util.ArrayList;
import java.util.List;

/**
 * An artifact's scoring in one environment as the API shows it: the gate's go or no-go, the score
 * and threshold, each measure with its contribution, and the reasons.
 *
 * @param outcome go, awaiting_signoff or no_go; {@code passed} is whether it is go
 * @param evidence the report files scored, by name, as their digests in the evidence store
 */
public record ScoreView(
    String artifact,
    String service,
    String environment,
    double score,
    double threshold,
    boolean passed,
    String outcome,
    List<MeasureView> measures,
    List<String> reasons,
    java.util.Map<String, String> evidence,
    String time,
    long seq) {

  /**
   * One measure: its score, weight, veto floor (null when it has none), its share of the counted
   * weight, the points that share earns ({@code contribution}) and its evidence.
   */
  public record MeasureView(
      String name,
      double score,
      double weight,
      Double vetoFloor,
      double share,
      double contribution,
      String evidence) {}

  public static ScoreView of(Scoring scoring) {
    ArtifactScored s = scoring.scored();
    List<Contribution> contributions = new RiskScore(s.measures()).contributions();
    List<MeasureView> measures = new ArrayList<>();
    for (int i = 0; i < s.measures().size(); i++) {
      Measure m = s.measures().get(i);
      Contribution c = contributions.get(i);
      measures.add(
          new MeasureView(
              m.name(),
              m.score(),
              m.weight(),
              m.vetoFloor().isPresent() ? m.vetoFloor().getAsDouble() : null,
              c.share(),
              c.points(),
              m.evidence()));
    }
    return new ScoreView(
        s.artifact().value(),
        s.service().value(),
        s.environment().value(),
        s.score(),
        s.threshold(),
        s.passed(),
        s.outcome().label(),
        measures,
        s.reasons(),
        s.evidence(),
        scoring.time().toString(),
        scoring.seq());
  }
}
