package dev.conveyor.core.score;

import dev.conveyor.core.fleet.EnvironmentName;
import java.util.List;

/**
 * A gate's go or no-go for one risk score, with the reasons as plain sentences, the threshold
 * actually used (after any adjustment) and each measure's contribution, so that every decision can
 * be shown with its "why".
 *
 * @param configuredThreshold the gate's own threshold, before {@code adjustment}
 * @param threshold the threshold the score was compared with
 */
public record GateDecision(
    EnvironmentName environment,
    GateOutcome outcome,
    double score,
    double configuredThreshold,
    double threshold,
    ThresholdAdjustment adjustment,
    List<String> reasons,
    List<Contribution> contributions) {
  public GateDecision {
    reasons = List.copyOf(reasons);
    contributions = List.copyOf(contributions);
  }

  /** Whether the artifact goes on: the gate passed, with a sign-off where one was needed. */
  public boolean passed() {
    return outcome == GateOutcome.GO;
  }

  /**
   * This decision turned into a no-go for {@code reason}, which comes first among the reasons: for
   * what the gate cannot see in the score, such as evidence that no longer matches its scoring.
   */
  public GateDecision refuse(String reason) {
    List<String> all = new java.util.ArrayList<>();
    all.add(reason);
    all.addAll(reasons);
    return new GateDecision(
        environment,
        GateOutcome.NO_GO,
        score,
        configuredThreshold,
        threshold,
        adjustment,
        all,
        contributions);
  }
}
