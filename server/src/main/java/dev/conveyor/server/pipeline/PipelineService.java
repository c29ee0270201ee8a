package dev.conveyor.server.pipeline;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.ArtifactScored;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.fleet.EnvironmentName;
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
import dev.conveyor.core.score.RiskScore;
import dev.conveyor.core.score.TestResults;
import dev.conveyor.server.artifact.ArtifactService;
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

  public PipelineService(History history, ArtifactService artifacts, PipelineSpec pipeline) {
    this.history = history;
    this.artifacts = artifacts;
    this.pipeline = pipeline;
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
    List<Measure> measures = measures(gate, classify(reports));
    GateDecision decision = gate.decide(new RiskScore(measures));
    ArtifactScored scored =
        ArtifactScored.of(registered.id(), registered.service(), measures, decision);
    List<RecordedEvent> recorded =
        history.record(state -> List.of(new EventDraft(actor, cause, scored)));
    RecordedEvent event = recorded.get(0);
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

  private static List<Measure> measures(Gate gate, Map<ReportKind, Map<String, String>> reports) {
    List<Measure> measures = new ArrayList<>();
    for (MeasureSpec spec : gate.measures()) {
      measure(spec, reports).ifPresent(measures::add);
    }
    return measures;
  }

  private static Optional<Measure> measure(
      MeasureSpec spec, Map<ReportKind, Map<String, String>> reports) {
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
      case REVIEW ->
          single(reports, ReportKind.GIT_LOG, "git log", "log the whole range into one file")
              .map(r -> ReviewTrailers.read(r.getValue(), r.getKey()).measure(spec));
      default -> Optional.empty(); // TODO(#5): simulation, happiness and the staging measures
    };
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
