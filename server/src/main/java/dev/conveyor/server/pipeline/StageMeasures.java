package dev.conveyor.server.pipeline;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.ArtifactReviewed;
import dev.conveyor.core.score.Gate;
import dev.conveyor.core.score.JUnitReports;
import dev.conveyor.core.score.JacocoReport;
import dev.conveyor.core.score.LintFindings;
import dev.conveyor.core.score.LintReport;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.MeasureSpec;
import dev.conveyor.core.score.ReviewTrailers;
import dev.conveyor.core.score.ReviewVerdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Scores the measures one gate lists from a stage's {@link StageInputs}: report measures (tests,
 * coverage, lint, a git log's review trailers) from the reports; the review from recorded reviews
 * when no git log was given; happiness from the team's latest survey; what the stage produced
 * itself (simulation, flows, performance); the sign-off; and otherwise the measure an earlier stage
 * scored, weighted as this gate weighs it. A measure with no source is left out, for the gate to
 * judge as missing.
 */
final class StageMeasures {
  private StageMeasures() {}

  static List<Measure> score(Gate gate, StageInputs inputs) {
    List<Measure> measures = new ArrayList<>();
    for (MeasureSpec spec : gate.measures()) {
      measure(spec, inputs).ifPresent(measures::add);
    }
    return measures;
  }

  /** The reports by kind, each kind's reports by name; unrecognised ones are refused. */
  static Map<ReportKind, Map<String, String>> classify(Map<String, String> reports) {
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

  private static Optional<Measure> measure(MeasureSpec spec, StageInputs inputs) {
    Optional<Measure> read =
        switch (spec.kind()) {
          case TESTS, COVERAGE, LINT -> fromReports(spec, inputs.reports());
          case REVIEW -> {
            Optional<Map.Entry<String, String>> log =
                single(
                    inputs.reports(),
                    ReportKind.GIT_LOG,
                    "git log",
                    "log the whole range into one file");
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
          case SIGNOFF ->
              inputs
                  .signOff()
                  .map(s -> spec.measure(100, "signed off by " + s.approver() + ": " + s.reason()));
          case SIMULATION, FLOWS, PERFORMANCE ->
              Optional.ofNullable(inputs.fresh().get(spec.kind()))
                  .map(m -> spec.measure(m.score(), m.evidence()));
        };
    if (read.isPresent() || spec.kind() == dev.conveyor.core.score.MeasureKind.SIGNOFF) {
      return read;
    }
    return Optional.ofNullable(inputs.carried().get(spec.kind().label()))
        .map(m -> spec.measure(m.score(), m.evidence()));
  }

  private static Optional<Measure> fromReports(
      MeasureSpec spec, Map<ReportKind, Map<String, String>> reports) {
    Map<String, String> none = Map.of();
    return switch (spec.kind()) {
      case TESTS -> {
        Map<String, String> junit = reports.getOrDefault(ReportKind.JUNIT, none);
        yield junit.isEmpty()
            ? Optional.empty()
            : Optional.of(JUnitReports.readAll(junit).measure(spec));
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
      default -> Optional.empty();
    };
  }

  /**
   * The review measure from reviews recorded through the API: 100 when at least the spec's number
   * of people other than the author approved (their latest verdict) and nobody requested changes
   * after the last approval, else 0.
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
    Map<String, ReviewVerdict> latest = new LinkedHashMap<>();
    for (int i = 0; i < independent.size(); i++) {
      ArtifactReviewed review = independent.get(i);
      latest.put(review.reviewer(), review.verdict());
      if (review.verdict() == ReviewVerdict.APPROVED) {
        lastApproval = i;
      } else {
        lastChanges = i;
      }
    }
    String who =
        String.join(
            ", ", independent.stream().map(r -> r.reviewer() + " " + r.verdict().label()).toList());
    if (lastApproval < 0 || lastChanges > lastApproval) {
      return spec.measure(
          0,
          (lastApproval < 0 ? "not approved" : "changes requested after the last approval")
              + ": "
              + who);
    }
    long approvers = latest.values().stream().filter(v -> v == ReviewVerdict.APPROVED).count();
    if (approvers < spec.reviewers()) {
      return spec.measure(
          0,
          "approved by "
              + approvers
              + " of the "
              + spec.reviewers()
              + " reviewers other than the author this stage needs: "
              + who);
    }
    return spec.measure(100, "approved by someone other than the author " + author + ": " + who);
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
