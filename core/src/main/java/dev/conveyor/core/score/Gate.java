package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.EnvironmentName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The go / no-go check of one pipeline stage: the threshold an artifact's risk score must reach
 * there, and the measures the stage expects. An artifact scored in an environment moves on to the
 * next only when that environment's gate passes.
 *
 * <p>The gate fails when an expected (non-optional) measure is missing, when a measure vetoes, or
 * when the score is below the threshold; each failure is one sentence in the decision's reasons.
 */
public record Gate(EnvironmentName environment, double threshold, List<MeasureSpec> measures) {
  public Gate {
    Preconditions.present(environment, "a gate's environment");
    Preconditions.check(
        Numbers.within(threshold, 0, 100),
        "the %s threshold must be a score from 0 to 100, got %s",
        environment,
        threshold);
    measures = List.copyOf(Preconditions.present(measures, "a gate's measures"));
    Set<MeasureKind> kinds = new HashSet<>();
    for (MeasureSpec spec : measures) {
      Preconditions.check(
          kinds.add(spec.kind()), "the %s gate lists measure '%s' twice", environment, spec.kind());
    }
  }

  /** How this gate counts {@code kind}, if it expects it. */
  public Optional<MeasureSpec> spec(MeasureKind kind) {
    return measures.stream().filter(spec -> spec.kind() == kind).findFirst();
  }

  /** Decides on {@code score} at the configured threshold. */
  public GateDecision decide(RiskScore score) {
    return decide(score, ThresholdAdjustment.NONE);
  }

  /** Decides on {@code score} at the configured threshold moved by {@code adjustment}. */
  public GateDecision decide(RiskScore score, ThresholdAdjustment adjustment) {
    double used = adjustment.apply(threshold);
    List<String> reasons = new ArrayList<>();
    boolean passed = true;
    if (!adjustment.isNone()) {
      reasons.add(adjustmentSentence(adjustment, used));
    }
    List<String> optionalMissing = new ArrayList<>();
    for (MeasureSpec spec : measures) {
      if (score.measure(spec.kind().label()).isPresent()) {
        continue;
      }
      if (spec.optional()) {
        optionalMissing.add(
            "Optional measure '" + spec.kind() + "' is missing and is left out of the score.");
      } else {
        passed = false;
        reasons.add(
            "The "
                + environment
                + " gate expects measure '"
                + spec.kind()
                + "', but it is missing; supply it, or mark it optional in the gate.");
      }
    }
    for (Measure veto : score.vetoes()) {
      passed = false;
      reasons.add(
          "Measure '"
              + veto.name()
              + "' vetoes: its score "
              + Numbers.number(veto.score())
              + " is below its veto floor of "
              + Numbers.number(veto.vetoFloor().orElseThrow())
              + " ("
              + veto.evidence()
              + ").");
    }
    double value = score.value();
    String at = "the " + environment + " threshold of " + Numbers.number(used);
    if (!score.isWeighted()) {
      passed = false;
      reasons.add("No measure with a weight above 0 was given, so nothing can clear " + at + ".");
    } else if (value >= used) {
      reasons.add("The risk score " + Numbers.number(value) + " clears " + at + ".");
    } else {
      passed = false;
      reasons.add("The risk score " + Numbers.number(value) + " is below " + at + ".");
    }
    reasons.addAll(optionalMissing);
    return new GateDecision(
        environment, passed, value, threshold, used, adjustment, reasons, score.contributions());
  }

  private String adjustmentSentence(ThresholdAdjustment adjustment, double used) {
    double delta = adjustment.delta();
    String clamp = "";
    if (used != threshold + delta) {
      clamp = used == 100 ? " (the most it can be)" : " (the least it can be)";
    }
    return "The "
        + environment
        + " threshold of "
        + Numbers.number(threshold)
        + " was "
        + (delta > 0 ? "tightened" : "eased")
        + " by "
        + Numbers.number(Math.abs(delta))
        + " to "
        + Numbers.number(used)
        + clamp
        + ": "
        + adjustment.reason()
        + (adjustment.reason().endsWith(".") ? "" : ".");
  }
}
