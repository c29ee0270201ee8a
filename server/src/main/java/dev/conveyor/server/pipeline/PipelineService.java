package dev.conveyor.server.pipeline;

import dev.conveyor.core.ForbiddenException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.ArtifactReviewed;
import dev.conveyor.core.event.ArtifactScored;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.SurveyRecorded;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.Scoring;
import dev.conveyor.core.score.Gate;
import dev.conveyor.core.score.GateDecision;
import dev.conveyor.core.score.JUnitReports;
import dev.conveyor.core.score.JacocoReport;
import dev.conveyor.core.score.LintFindings;
import dev.conveyor.core.score.LintReport;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.MeasureSpec;
import dev.conveyor.core.score.PipelineSpec;
import dev.conveyor.core.score.ReviewTrailers;
import dev.conveyor.core.score.ReviewVerdict;
import dev.conveyor.core.score.RiskScore;
import dev.conveyor.core.score.SurveyWeek;
import dev.conveyor.core.score.TestResults;
import dev.conveyor.server.artifact.ArtifactService;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The start of the conveyor belt (issue 5, first slice): an artifact submitted with its reports is
 * scored for {@code dev} and the dev gate decides; the decision is recorded as {@link
 * ArtifactScored} with its reasons. Every report is read before anything is recorded, so a report
 * that cannot be read leaves the history as it was.
 *
 * <p>Measures the gate does not list are not scored. TODO(#5): promotion to staging when the gate
 * passes, stored evidence, threshold adjustments.
 */
public final class PipelineService {
  private final History history;
  private final ArtifactService artifacts;
  private final PipelineSpec pipeline;
  private final InstantSource clock;

  public PipelineService(History history, ArtifactService artifacts, PipelineSpec pipeline) {
    this(history, artifacts, pipeline, InstantSource.system());
  }

  /** With {@code clock} to tell the current week for a survey that names none. */
  public PipelineService(
      History history, ArtifactService artifacts, PipelineSpec pipeline, InstantSource clock) {
    this.history = history;
    this.artifacts = artifacts;
    this.pipeline = pipeline;
    this.clock = clock;
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
  private Actor author(RegisteredArtifact registered) {
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

  /** A recorded submission: the artifact and its dev scoring. */
  public record Submitted(RegisteredArtifact artifact, Scoring scoring) {}

  /**
   * Scores {@code artifact} (an id or unique prefix) for dev from {@code reports} (file name →
   * text) and records the dev gate's decision.
   *
   * @throws dev.conveyor.core.NotFoundException when no artifact matches
   * @throws InvalidInputException when there are no reports, a report is not recognised, or one
   *     cannot be read ({@link dev.conveyor.core.score.ReportException}, naming file and line)
   */
  public Submitted submit(
      String artifact, Map<String, String> reports, Actor actor, Causation cause) {
    RegisteredArtifact registered = artifacts.resolve(artifact);
    Gate gate = devGate();
    Map<ReportKind, Map<String, String>> byKind = classify(reports);
    Actor author = author(registered);
    // Scored on the state the event is appended to: a review or survey recorded meanwhile is seen
    // on the retry, not missed.
    RecordedEvent event =
        history
            .record(
                state -> {
                  Inputs inputs =
                      new Inputs(
                          byKind,
                          author,
                          state.reviews(registered.id()),
                          state.latestSurvey(registered.service()));
                  List<Measure> measures = measures(gate, inputs);
                  GateDecision decision = gate.decide(new RiskScore(measures));
                  return List.of(
                      new EventDraft(
                          actor,
                          cause,
                          ArtifactScored.of(
                              registered.id(),
                              registered.service(),
                              measures,
                              decision,
                              Map.of())));
                })
            .get(0);
    ArtifactScored scored = (ArtifactScored) event.event();
    return new Submitted(registered, new Scoring(scored, event.time(), event.seq()));
  }

  /** The artifact's latest scoring per environment. */
  public Map<EnvironmentName, Scoring> scores(String artifact) {
    return history.current().scores(artifacts.resolve(artifact).id());
  }

  private Gate devGate() {
    return pipeline
        .gate(EnvironmentName.DEV)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "the pipeline has no dev environment; its environments are "
                        + pipeline.environments()));
  }

  /** The reports by kind, each kind's reports by name; unrecognised ones are refused. */
  private static Map<ReportKind, Map<String, String>> classify(Map<String, String> reports) {
    if (reports.isEmpty()) {
      throw new InvalidInputException(
          "the submission has no reports; give at least one of " + ReportKind.RECOGNISED);
    }
    Map<ReportKind, Map<String, String>> byKind = new EnumMap<>(ReportKind.class);
    for (Map.Entry<String, String> report : new TreeMap<>(reports).entrySet()) {
      ReportKind kind =
          ReportKind.of(report.getKey(), report.getValue())
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "report '"
                              + report.getKey()
                              + "' is not a recognised report; give "
                              + ReportKind.RECOGNISED));
      byKind.computeIfAbsent(kind, k -> new TreeMap<>()).put(report.getKey(), report.getValue());
    }
    return byKind;
  }

  /** What a submission is scored from: its reports and what the history says about it. */
  private record Inputs(
      Map<ReportKind, Map<String, String>> reports,
      Actor author,
      List<ArtifactReviewed> reviews,
      Optional<SurveyRecorded> survey) {}

  private static List<Measure> measures(Gate gate, Inputs inputs) {
    List<Measure> measures = new ArrayList<>();
    for (MeasureSpec spec : gate.measures()) {
      measure(spec, inputs).ifPresent(measures::add);
    }
    return measures;
  }

  private static Optional<Measure> measure(MeasureSpec spec, Inputs inputs) {
    Map<ReportKind, Map<String, String>> reports = inputs.reports();
    Map<String, String> none = Map.of();
    return switch (spec.kind()) {
      case TESTS -> {
        Map<String, String> junit = reports.getOrDefault(ReportKind.JUNIT, none);
        if (junit.isEmpty()) {
          yield Optional.empty();
        }
        TestResults results = JUnitReports.readAll(junit);
        yield Optional.of(results.measure(spec));
      }
      case COVERAGE ->
          single(reports, ReportKind.JACOCO, "JaCoCo report", "merge them with jacoco:merge")
              .map(r -> JacocoReport.read(r.getValue(), r.getKey()).measure(spec));
      case LINT -> {
        Map<String, String> lint = new TreeMap<>(reports.getOrDefault(ReportKind.CHECKSTYLE, none));
        lint.putAll(reports.getOrDefault(ReportKind.SARIF, none));
        if (lint.isEmpty()) {
          yield Optional.empty();
        }
        LintFindings findings = LintFindings.NONE;
        for (Map.Entry<String, String> report : lint.entrySet()) {
          findings = findings.plus(LintReport.read(report.getValue(), report.getKey()));
        }
        yield Optional.of(findings.measure(spec));
      }
      case REVIEW -> {
        // A submitted git log wins; without one, the reviews recorded through the API decide.
        Optional<Map.Entry<String, String>> log =
            single(reports, ReportKind.GIT_LOG, "git log", "log the whole range into one file");
        yield log.isPresent()
            ? log.map(r -> ReviewTrailers.read(r.getValue(), r.getKey()).measure(spec))
            : Optional.of(recordedReview(spec, inputs.author(), inputs.reviews()));
      }
      case HAPPINESS ->
          inputs
              .survey()
              .map(
                  s -> {
                    Measure m = s.score().measure(spec);
                    return spec.measure(m.score(), m.evidence() + " in week " + s.week());
                  });
      default -> Optional.empty(); // TODO(#5): simulation and the staging measures
    };
  }

  /**
   * The review measure from reviews recorded through the API: 100 when someone other than the
   * author approved and nobody requested changes after the last such approval, else 0.
   */
  static Measure recordedReview(MeasureSpec spec, Actor author, List<ArtifactReviewed> reviews) {
    List<ArtifactReviewed> independent =
        reviews.stream().filter(r -> !r.reviewer().equals(author.name())).toList();
    if (independent.isEmpty()) {
      return spec.measure(
          0,
          "no review recorded by someone other than the author "
              + author
              + "; submit a git log with Reviewed-by trailers, or ask a reviewer to run 'conveyor"
              + " review'");
    }
    int lastApproval = -1;
    int lastChanges = -1;
    for (int i = 0; i < independent.size(); i++) {
      if (independent.get(i).verdict() == ReviewVerdict.APPROVED) {
        lastApproval = i;
      } else {
        lastChanges = i;
      }
    }
    String who =
        String.join(
            ", ", independent.stream().map(r -> r.reviewer() + " " + r.verdict().label()).toList());
    if (lastApproval >= 0 && lastChanges < lastApproval) {
      return spec.measure(100, "approved by someone other than the author " + author + ": " + who);
    }
    return spec.measure(
        0,
        (lastApproval < 0 ? "not approved" : "changes requested after the last approval")
            + ": "
            + who);
  }

  /** The one report of {@code kind}, if any; two are refused, since they cannot be combined. */
  private static Optional<Map.Entry<String, String>> single(
      Map<ReportKind, Map<String, String>> reports, ReportKind kind, String what, String fix) {
    Map<String, String> found = reports.getOrDefault(kind, Map.of());
    if (found.size() > 1) {
      throw new InvalidInputException(
          "the submission has "
              + found.size()
              + " reports of the "
              + kind.measure()
              + " measure ("
              + String.join(", ", found.keySet())
              + "); give one "
              + what
              + ": "
              + fix);
    }
    return found.entrySet().stream().findFirst();
  }
}
