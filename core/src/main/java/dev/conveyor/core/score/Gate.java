package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.EnvironmentName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The go / no-go check of one pipeline stage: the threshold an artifact's risk score must reach
 * there, and the measures the stage expects. An artifact scored in an environment moves on to the
 * next only when that environment's gate passes.
 *
 * <p>The gate says no-go when an expected (non-optional) measure is missing, when a measure vetoes,
 * or when the score is below the threshold and below the {@code warn} floor; each reason is one
 * sentence in the decision. A score from the warn floor up to the threshold, or a gate that lists
 * the {@link MeasureKind#SIGNOFF} measure, makes the artifact wait for a {@link SignOff} by an
 * approver; with one, it goes on.
 *
 * @param warn the bottom of the warn band, at most the threshold; empty when there is no band
 */
public record Gate(
    EnvironmentName environment,
    double threshold,
    OptionalDouble warn,
    List<MeasureSpec> measures) {
  public Gate {
    Preconditions.present(environment, "a gate's environment");
    Preconditions.check(
        Numbers.within(threshold, 0, 100),
        "the %s threshold must be a score from 0 to 100, got %s",
        environment,
        threshold);
    Preconditions.present(warn, "the " + environment + " warn floor");
    Preconditions.check(
        warn.isEmpty() || Numbers.within(warn.getAsDouble(), 0, threshold),
        "the %s warn floor must be a score from 0 up to its threshold of %s, got %s",
        environment,
        Numbers.number(threshold),
        warn.orElse(0));
    measures = List.copyOf(Preconditions.present(measures, "a gate's measures"));
    Set<MeasureKind> kinds = new HashSet<>();
    for (MeasureSpec spec : measures) {
      Preconditions.check(
          kinds.add(spec.kind()), "the %s gate lists measure '%s' twice", environment, spec.kind());
    }
  }

  /** A gate without a warn band. */
  public Gate(EnvironmentName environment, double threshold, List<MeasureSpec> measures) {
    this(environment, threshold, OptionalDouble.empty(), measures);
  }

  /** Whether an approver must sign off whatever the score: the gate lists {@code signoff}. */
  public boolean requiresSignOff() {
    return spec(MeasureKind.SIGNOFF).isPresent();
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
    return decide(score, adjustment, Optional.empty());
  }

  /**
   * Decides on {@code score} at the adjusted threshold, with {@code signOff} when an approver has
   * signed off. The warn floor moves with the threshold.
   */
  public GateDecision decide(
      RiskScore score, ThresholdAdjustment adjustment, Optional<SignOff> signOff) {
    double used = adjustment.apply(threshold);
    List<String> reasons = new ArrayList<>();
    boolean passed = true;
    boolean needsSignOff = false;
    if (!adjustment.isNone()) {
      reasons.add(adjustmentSentence(adjustment, used));
    }
    List<String> optionalMissing = new ArrayList<>();
    for (MeasureSpec spec : measures) {
      if (score.measure(spec.kind().label()).isPresent()) {
        continue;
      }
      if (spec.kind() == MeasureKind.SIGNOFF) {
        needsSignOff = true;
        reasons.add("The " + environment + " gate requires a sign-off by an approver.");
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
    } else if (warn.isPresent() && value >= adjustment.apply(warn.getAsDouble())) {
      needsSignOff = true;
      reasons.add(
          "The risk score "
              + Numbers.number(value)
              + " is below "
              + at
              + " but within its warn band from "
              + Numbers.number(adjustment.apply(warn.getAsDouble()))
              + ", so it may go on with a sign-off.");
    } else {
      passed = false;
      reasons.add("The risk score " + Numbers.number(value) + " is below " + at + ".");
    }
    reasons.addAll(optionalMissing);
    GateOutcome outcome = GateOutcome.GO;
    if (!passed) {
      outcome = GateOutcome.NO_GO;
    } else if (needsSignOff && signOff.isPresent()) {
      reasons.add(
          "Signed off by "
              + signOff.get().approver()
              + ": "
              + signOff.get().reason()
              + (signOff.get().reason().endsWith(".") ? "" : "."));
    } else if (needsSignOff) {
      outcome = GateOutcome.AWAITING_SIGNOFF;
      reasons.add(
          "Waiting for a sign-off by an approver other than the author: conveyor signoff ARTIFACT"
              + " --env "
              + environment
              + " --reason TEXT.");
    }
    return new GateDecision(
        environment, outcome, value, threshold, used, adjustment, reasons, score.contributions());
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
