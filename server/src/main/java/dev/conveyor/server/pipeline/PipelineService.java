package dev.conveyor.server.pipeline;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.ForbiddenException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.ArtifactReviewed;
import dev.conveyor.core.event.ArtifactSignedOff;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.SurveyRecorded;
import dev.conveyor.core.event.ThresholdAdjusted;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.Scoring;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.score.Gate;
import dev.conveyor.core.score.GateOutcome;
import dev.conveyor.core.score.Numbers;
import dev.conveyor.core.score.PipelineSpec;
import dev.conveyor.core.score.ReportCommits;
import dev.conveyor.core.score.ReviewVerdict;
import dev.conveyor.core.score.Stage;
import dev.conveyor.core.score.SurveyWeek;
import dev.conveyor.core.score.ThresholdAdjustment;
import dev.conveyor.core.score.ThresholdSignal;
import dev.conveyor.server.artifact.ArtifactService;
import dev.conveyor.server.deploy.DeploymentController;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The conveyor belt's front desk: submitting an artifact with its reports (the green button),
 * reviews, surveys, sign-offs and threshold adjustments. A submission is checked whole before
 * anything is recorded — every report read, every report naming a commit made for the artifact's
 * commit — then its reports are stored as evidence, the first stage is scored, and the {@link
 * PipelineRunner} carries the artifact on in the background.
 */
public final class PipelineService implements AutoCloseable {
  private final History history;
  private final ArtifactService artifacts;
  private final PipelineSpec pipeline;
  private final InstantSource clock;
  private final EvidenceStore evidence;
  private final StageScorer scorer;
  private final PipelineRunner runner;

  /** A pipeline that only scores reports and deploys nowhere: for tests of the first stage. */
  public PipelineService(
      History history,
      ArtifactService artifacts,
      PipelineSpec pipeline,
      InstantSource clock,
      EvidenceStore evidence) {
    this(
        history,
        artifacts,
        pipeline,
        clock,
        evidence,
        StageValidations.NONE,
        ThresholdSignal.NONE,
        null);
  }

  /**
   * The whole belt.
   *
   * @param deployments deploys in stages that deploy; null when no stage does
   */
  public PipelineService(
      History history,
      ArtifactService artifacts,
      PipelineSpec pipeline,
      InstantSource clock,
      EvidenceStore evidence,
      StageValidations validations,
      ThresholdSignal signal,
      DeploymentController deployments) {
    this.history = history;
    this.artifacts = artifacts;
    this.pipeline = pipeline;
    this.clock = clock;
    this.evidence = evidence;
    this.scorer = new StageScorer(history, pipeline, evidence, validations, signal);
    this.runner =
        new PipelineRunner(
            history,
            pipeline,
            scorer,
            deployments,
            id -> artifacts.resolve(id.value()),
            this::author);
  }

  /** The pipeline this service runs. */
  public PipelineSpec spec() {
    return pipeline;
  }

  /** After a restart: carries on every artifact whose belt had not stopped. */
  public void recover() {
    runner.recover();
  }

  @Override
  public void close() {
    runner.close();
  }

  /**
   * Records {@code reviewer}'s verdict on {@code artifact} (an id or unique prefix).
   *
   * @throws ForbiddenException when the reviewer registered the artifact: four eyes, not two
   */
  public RecordedEvent review(
      String artifact, ReviewVerdict verdict, String comment, Actor reviewer, Causation cause) {
    RegisteredArtifact registered = artifacts.resolve(artifact);
    Actor author = author(registered);
    if (author.equals(reviewer)) {
      throw new ForbiddenException(
          "reviewer "
              + reviewer
              + " registered artifact "
              + registered.id().shortForm()
              + " and cannot review it: a review needs someone other than its author ("
              + author
              + "); ask another developer to review it");
    }
    String said = comment == null || comment.isBlank() ? null : comment.strip();
    ArtifactReviewed reviewed =
        new ArtifactReviewed(registered.id(), registered.service(), reviewer.name(), verdict, said);
    return history.record(state -> List.of(new EventDraft(reviewer, cause, reviewed))).get(0);
  }

  /**
   * Records the team's developer-happiness survey for {@code service}; {@code week} defaults to the
   * current ISO week by this server's clock, in UTC.
   *
   * @throws InvalidInputException when an answer is outside 1–5 or the week is not an ISO week
   */
  public RecordedEvent survey(
      String service, Optional<String> week, List<Integer> answers, Actor actor, Causation cause) {
    SurveyWeek when =
        week.map(SurveyWeek::of)
            .orElseGet(
                () -> SurveyWeek.containing(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
    SurveyRecorded survey = new SurveyRecorded(ServiceName.of(service), when, answers);
    return history.record(state -> List.of(new EventDraft(actor, cause, survey))).get(0);
  }

  /** Who registered the artifact: the actor of its {@code artifact_registered} event. */
  Actor author(RegisteredArtifact registered) {
    return history
        .store()
        .read(registered.seq())
        .map(RecordedEvent::actor)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "the registration of artifact "
                        + registered.id().shortForm()
                        + " (event "
                        + registered.seq()
                        + ") is not in the history"));
  }

  /** A recorded submission: the artifact and its first-stage scoring. */
  public record Submitted(RegisteredArtifact artifact, Scoring scoring) {}

  /**
   * Scores {@code artifact} (an id or unique prefix) for the first stage from {@code reports} (file
   * name → text), records the gate's decision, and on a go carries it on in the background.
   *
   * @throws dev.conveyor.core.NotFoundException when no artifact matches
   * @throws InvalidInputException when there are no reports, a report is not recognised, cannot be
   *     read ({@link dev.conveyor.core.score.ReportException}, naming file and line), or names
   *     another commit than the artifact's
   */
  public Submitted submit(
      String artifact, Map<String, String> reports, Actor actor, Causation cause) {
    RegisteredArtifact registered = artifacts.resolve(artifact);
    if (reports.isEmpty()) {
      throw new InvalidInputException(
          "the submission has no reports; give at least one of " + ReportKind.RECOGNISED);
    }
    Map<ReportKind, Map<String, String>> byKind = StageMeasures.classify(reports);
    checkCommits(registered, byKind);
    // Read every report before anything is stored or recorded: a scoring with a dry run first.
    StageMeasures.score(
        pipeline.stages().get(0).gate(),
        new StageInputs(
            byKind,
            author(registered),
            List.of(),
            Optional.empty(),
            Map.of(),
            Map.of(),
            Optional.empty()));
    Map<String, String> digests = evidence.putAll(new TreeMap<>(reports));
    Scoring scoring =
        scorer.scoreFirst(registered, author(registered), byKind, digests, actor, cause);
    if (scoring.scored().passed()) {
      runner.advance(registered.id());
    }
    return new Submitted(registered, scoring);
  }

  /** Refuses a git log or SARIF log made for another commit than the artifact's. */
  private static void checkCommits(
      RegisteredArtifact artifact, Map<ReportKind, Map<String, String>> reports) {
    String commit = artifact.provenance().commit();
    if (commit == null || commit.isBlank()) {
      return;
    }
    String which = artifact.id().shortForm();
    reports
        .getOrDefault(ReportKind.GIT_LOG, Map.of())
        .forEach(
            (name, text) ->
                ReportCommits.ofGitLog(text, name)
                    .ifPresent(c -> ReportCommits.check(name, c, commit, which)));
    reports
        .getOrDefault(ReportKind.SARIF, Map.of())
        .forEach(
            (name, text) ->
                ReportCommits.ofSarif(text, name)
                    .forEach(c -> ReportCommits.check(name, c, commit, which)));
  }

  /**
   * Records {@code approver}'s sign-off on {@code artifact} at {@code environment} and carries the
   * artifact on.
   *
   * @throws ForbiddenException when the approver registered the artifact, or the pipeline names its
   *     approvers and this is not one of them
   * @throws ConflictException unless the artifact's latest scoring there awaits a sign-off
   * @throws InvalidInputException when the reason is blank
   */
  public RecordedEvent signOff(
      String artifact, String environment, String reason, Actor approver, Causation cause) {
    RegisteredArtifact registered = artifacts.resolve(artifact);
    EnvironmentName env = environment(environment);
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException(
          "a sign-off needs a reason, such as 'legal approved the new terms (TICKET-12)'");
    }
    Actor author = author(registered);
    if (author.equals(approver)) {
      throw new ForbiddenException(
          "approver "
              + approver
              + " registered artifact "
              + registered.id().shortForm()
              + " and cannot sign it off: a sign-off needs someone other than its author; ask an"
              + " approver"
              + (pipeline.approvers().isEmpty()
                  ? ""
                  : " (" + String.join(", ", pipeline.approvers()) + ")"));
    }
    if (!pipeline.mayApprove(approver.name())) {
      throw new ForbiddenException(
          approver
              + " is not an approver of this pipeline; its approvers are "
              + String.join(", ", pipeline.approvers()));
    }
    ArtifactSignedOff signed =
        new ArtifactSignedOff(
            registered.id(), registered.service(), env, approver.name(), reason.strip());
    RecordedEvent recorded =
        history
            .record(
                state -> {
                  Scoring latest = state.scores(registered.id()).get(env);
                  if (latest == null || latest.scored().outcome() != GateOutcome.AWAITING_SIGNOFF) {
                    throw new ConflictException(
                        "artifact "
                            + registered.id().shortForm()
                            + " is not awaiting a sign-off in "
                            + env
                            + ": "
                            + (latest == null
                                ? "it has not been scored there"
                                : "its latest scoring there is "
                                    + latest.scored().outcome().label()));
                  }
                  return List.of(new EventDraft(approver, cause, signed));
                })
            .get(0);
    runner.advance(registered.id());
    return recorded;
  }

  /**
   * Tightens (positive {@code delta}) or eases (negative) the gate at {@code environment} for every
   * service from now on; 0 restores the configured threshold.
   *
   * @throws InvalidInputException for an unknown environment, a delta outside -100–100, a blank
   *     reason, or a threshold that would leave 0–100
   */
  public RecordedEvent adjust(
      String environment, double delta, String reason, Actor actor, Causation cause) {
    EnvironmentName env = environment(environment);
    Gate gate = pipeline.gate(env).orElseThrow();
    double moved = gate.threshold() + delta;
    if (moved < 0 || moved > 100) {
      throw new InvalidInputException(
          "moving the "
              + env
              + " threshold of "
              + Numbers.number(gate.threshold())
              + " by "
              + Numbers.number(delta)
              + " gives "
              + Numbers.number(moved)
              + ", outside 0-100; choose a change from "
              + Numbers.number(-gate.threshold())
              + " to "
              + Numbers.number(100 - gate.threshold()));
    }
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException(
          "a threshold change needs a reason, such as 'error budget exhausted (INC-42)'");
    }
    ThresholdAdjusted adjusted = new ThresholdAdjusted(env, delta, reason.strip());
    return history.record(state -> List.of(new EventDraft(actor, cause, adjusted))).get(0);
  }

  /** The gates as they stand: configured and adjusted thresholds per environment. */
  public List<GateState> gates() {
    SystemState state = history.current();
    return pipeline.stages().stream()
        .map(
            stage -> {
              ThresholdAdjustment adj = state.pipeline().adjustment(stage.environment());
              return new GateState(stage, adj, adj.apply(stage.gate().threshold()));
            })
        .toList();
  }

  /** One gate as it stands. */
  public record GateState(Stage stage, ThresholdAdjustment adjustment, double threshold) {}

  /** The artifact's latest scoring per environment. */
  public Map<EnvironmentName, Scoring> scores(String artifact) {
    return history.current().scores(artifacts.resolve(artifact).id());
  }

  /** Where the artifact is on the belt: per stage its scoring and deployment, in pipeline order. */
  public List<StagePosition> position(String artifact) {
    RegisteredArtifact registered = artifacts.resolve(artifact);
    SystemState state = history.current();
    Map<EnvironmentName, Scoring> scores = state.scores(registered.id());
    return pipeline.stages().stream()
        .map(
            stage -> {
              Optional<Scoring> scoring = Optional.ofNullable(scores.get(stage.environment()));
              Optional<Deployment> deployment =
                  scoring.flatMap(s -> PipelineRunner.deployment(state, registered, stage, s));
              Optional<ArtifactSignedOff> signOff =
                  state.pipeline().signOff(registered.id(), stage.environment());
              return new StagePosition(stage, scoring, signOff, deployment);
            })
        .toList();
  }

  /** One stage of an artifact's belt. */
  public record StagePosition(
      Stage stage,
      Optional<Scoring> scoring,
      Optional<ArtifactSignedOff> signOff,
      Optional<Deployment> deployment) {}

  private EnvironmentName environment(String name) {
    EnvironmentName env = EnvironmentName.of(name);
    if (pipeline.stage(env).isEmpty()) {
      throw new InvalidInputException(
          "environment '"
              + name
              + "' is not in the pipeline; its environments are "
              + pipeline.environments());
    }
    return env;
  }
}
