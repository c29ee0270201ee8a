package dev.conveyor.server.pipeline;

import dev.conveyor.core.ConveyorException;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.ArtifactScored;
import dev.conveyor.core.event.ArtifactSignedOff;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.Scoring;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.score.Gate;
import dev.conveyor.core.score.GateDecision;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.MeasureKind;
import dev.conveyor.core.score.MeasureSpec;
import dev.conveyor.core.score.Numbers;
import dev.conveyor.core.score.PipelineSpec;
import dev.conveyor.core.score.RiskScore;
import dev.conveyor.core.score.SignOff;
import dev.conveyor.core.score.Stage;
import dev.conveyor.core.score.ThresholdAdjustment;
import dev.conveyor.core.score.ThresholdSignal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores an artifact for one stage and records the gate's decision as {@link ArtifactScored}.
 *
 * <p>The first stage reads the submitted reports. Every later stage reads the same reports back
 * from the {@link EvidenceStore} and recomputes the first stage's report measures from them: a blob
 * that is missing or changed, or a measure that no longer scores what was recorded, makes the stage
 * a no-go with that reason. What the stage runs itself ({@link StageValidations}) is run before the
 * decision is recorded; the reviews, survey, sign-off and threshold adjustments are read from the
 * state the event is appended to, so none recorded meanwhile is missed.
 */
final class StageScorer {
  private static final List<MeasureKind> RUN_KINDS =
      List.of(MeasureKind.SIMULATION, MeasureKind.FLOWS, MeasureKind.PERFORMANCE);

  private final History history;
  private final PipelineSpec pipeline;
  private final EvidenceStore evidence;
  private final StageValidations validations;
  private final ThresholdSignal signal;

  StageScorer(
      History history,
      PipelineSpec pipeline,
      EvidenceStore evidence,
      StageValidations validations,
      ThresholdSignal signal) {
    this.history = history;
    this.pipeline = pipeline;
    this.evidence = evidence;
    this.validations = validations;
    this.signal = signal;
  }

  /** Scores the first stage from submitted reports, stored as {@code digests}. */
  Scoring scoreFirst(
      RegisteredArtifact artifact,
      Actor author,
      Map<ReportKind, Map<String, String>> reports,
      Map<String, String> digests,
      Actor actor,
      Causation cause) {
    Stage stage = pipeline.stages().get(0);
    Map<MeasureKind, Measure> fresh = validations.run(stage, artifact);
    return record(stage, artifact, author, reports, digests, fresh, Optional.empty(), actor, cause);
  }

  /**
   * Scores a later stage from the stored evidence of the first, running what the stage runs. With
   * {@code rerun} false (a sign-off arrived), the measures the stage ran last time are reused.
   */
  Scoring scoreLater(
      Stage stage, RegisteredArtifact artifact, Actor author, boolean rerun, Causation cause) {
    SystemState state = history.current();
    Map<EnvironmentName, Scoring> scores = state.scores(artifact.id());
    Scoring first =
        Optional.ofNullable(scores.get(pipeline.first()))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "artifact " + artifact.id().shortForm() + " has no first-stage scoring"));
    Map<String, String> digests = first.scored().evidence();
    Map<ReportKind, Map<String, String>> reports = Map.of();
    Optional<String> refusal = Optional.empty();
    try {
      reports = StageMeasures.classify(evidence.getAll(digests));
      refusal = recheck(first.scored(), reports, author);
    } catch (ConveyorException e) {
      refusal =
          Optional.of(
              "The stored evidence of the "
                  + pipeline.first()
                  + " scoring cannot be used: "
                  + e.getMessage()
                  + ".");
    }
    Map<MeasureKind, Measure> fresh;
    if (rerun || !scores.containsKey(stage.environment())) {
      fresh = validations.run(stage, artifact);
    } else {
      fresh = new EnumMap<>(MeasureKind.class);
      for (Measure m : scores.get(stage.environment()).scored().measures()) {
        MeasureKind.byLabel(m.name()).filter(RUN_KINDS::contains).ifPresent(k -> fresh.put(k, m));
      }
    }
    return record(stage, artifact, author, reports, digests, fresh, refusal, Actor.CONVEYOR, cause);
  }

  /**
   * Turns {@code go} into a recorded no-go for {@code reason}, when what follows the go cannot
   * happen (the stage's deployment cannot start): the same measures and score, the reason first.
   */
  Scoring refuse(Scoring go, String reason, Causation cause) {
    ArtifactScored was = go.scored();
    List<String> reasons = new ArrayList<>();
    reasons.add(reason);
    reasons.addAll(was.reasons());
    ArtifactScored refused =
        new ArtifactScored(
            was.artifact(),
            was.service(),
            was.environment(),
            was.measures(),
            was.score(),
            was.threshold(),
            dev.conveyor.core.score.GateOutcome.NO_GO,
            reasons,
            was.evidence());
    RecordedEvent event =
        history.record(state -> List.of(new EventDraft(Actor.CONVEYOR, cause, refused))).get(0);
    return new Scoring(refused, event.time(), event.seq());
  }

  /**
   * Recomputes the first stage's report measures from {@code reports} and compares them with what
   * was recorded; the first difference is the refusal.
   */
  private Optional<String> recheck(
      ArtifactScored recorded, Map<ReportKind, Map<String, String>> reports, Actor author) {
    Gate gate = pipeline.stages().get(0).gate();
    List<MeasureSpec> reportSpecs =
        gate.measures().stream()
            .filter(
                s ->
                    switch (s.kind()) {
                      case TESTS, COVERAGE, LINT -> true;
                      case REVIEW -> reports.containsKey(ReportKind.GIT_LOG);
                      default -> false;
                    })
            .toList();
    Gate reportsOnly = new Gate(gate.environment(), gate.threshold(), reportSpecs);
    StageInputs inputs =
        new StageInputs(
            reports, author, List.of(), Optional.empty(), Map.of(), Map.of(), Optional.empty());
    Map<String, Measure> was = new HashMap<>();
    recorded.measures().forEach(m -> was.put(m.name(), m));
    for (Measure now : StageMeasures.score(reportsOnly, inputs)) {
      Measure then = was.get(now.name());
      if (then == null || Math.abs(then.score() - now.score()) > 1e-9) {
        return Optional.of(
            "Measure '"
                + now.name()
                + "' recomputed from the stored evidence scores "
                + Numbers.number(now.score())
                + ", but "
                + recorded.environment()
                + " recorded "
                + (then == null ? "no such measure" : Numbers.number(then.score()))
                + "; the "
                + recorded.environment()
                + " score cannot be trusted.");
      }
    }
    return Optional.empty();
  }

  private Scoring record(
      Stage stage,
      RegisteredArtifact artifact,
      Actor author,
      Map<ReportKind, Map<String, String>> reports,
      Map<String, String> digests,
      Map<MeasureKind, Measure> fresh,
      Optional<String> refusal,
      Actor actor,
      Causation cause) {
    EnvironmentName env = stage.environment();
    // Read once, outside the decision: the signal is not in the history, and may do I/O (the
    // error budget reads its minutes), which a retried decision should not repeat.
    ThresholdAdjustment automatic = signal.adjustment(artifact.service(), env);
    RecordedEvent event =
        history
            .record(
                state -> {
                  Optional<SignOff> signOff =
                      state.pipeline().signOff(artifact.id(), env).map(ArtifactSignedOff::signOff);
                  StageInputs inputs =
                      new StageInputs(
                          reports,
                          author,
                          state.reviews(artifact.id()),
                          state.latestSurvey(artifact.service()),
                          fresh,
                          carried(state, artifact, env),
                          signOff);
                  List<Measure> measures = StageMeasures.score(stage.gate(), inputs);
                  ThresholdAdjustment adjustment = state.pipeline().adjustment(env).plus(automatic);
                  GateDecision decision =
                      stage.gate().decide(new RiskScore(measures), adjustment, signOff);
                  if (refusal.isPresent()) {
                    decision = decision.refuse(refusal.get());
                  }
                  return List.of(
                      new EventDraft(
                          actor,
                          cause,
                          ArtifactScored.of(
                              artifact.id(), artifact.service(), measures, decision, digests)));
                })
            .get(0);
    return new Scoring((ArtifactScored) event.event(), event.time(), event.seq());
  }

  /** The measures of the stages before {@code env}, by name; a later stage's win. */
  private Map<String, Measure> carried(
      SystemState state, RegisteredArtifact artifact, EnvironmentName env) {
    Map<String, Measure> carried = new HashMap<>();
    Map<EnvironmentName, Scoring> scores = state.scores(artifact.id());
    List<Stage> before = new ArrayList<>();
    for (Stage s : pipeline.stages()) {
      if (s.environment().equals(env)) {
        break;
      }
      before.add(s);
    }
    for (Stage s : before) {
      Scoring scoring = scores.get(s.environment());
      if (scoring != null) {
        scoring.scored().measures().forEach(m -> carried.put(m.name(), m));
      }
    }
    return carried;
  }
}
