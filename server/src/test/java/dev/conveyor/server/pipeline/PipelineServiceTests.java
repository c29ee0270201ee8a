package dev.conveyor.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.ForbiddenException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.ArtifactReviewed;
import dev.conveyor.core.event.ArtifactScored;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.SurveyRecorded;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.PipelineSpec;
import dev.conveyor.core.score.ReportException;
import dev.conveyor.core.score.ReviewVerdict;
import dev.conveyor.core.score.SurveyWeek;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import dev.conveyor.server.TestArtifacts;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineServiceTests {
  private static final Actor ALICE = Actor.of("alice");
  private static final Causation CAUSE = Causation.command("submit req-1");

  @TempDir Path dir;
  private ConveyorServer server;
  private PipelineService pipeline;
  private RegisteredArtifact v1;

  @BeforeEach
  void start() throws Exception {
    server =
        ConveyorServer.start(
            ServerSettings.defaults(dir.resolve("data")).withPort(0),
            ManualClock.at("2026-11-22T10:00:00Z"));
    pipeline = service(DEV_ONLY);
    try (InputStream in = Files.newInputStream(TestArtifacts.packed(dir, "checkout", "v1"))) {
      v1 = server.artifacts().push(in, Optional.empty(), ALICE, CAUSE).artifact();
    }
  }

  /** The default dev gate alone: these tests score, the belt's own tests carry on. */
  private static final PipelineSpec DEV_ONLY =
      PipelineSpec.ofGates(List.of(PipelineSpec.DEFAULT.gate(EnvironmentName.DEV).orElseThrow()));

  private PipelineService service(PipelineSpec spec) {
    return new PipelineService(
        server.history(),
        server.artifacts(),
        spec,
        ManualClock.at("2026-11-22T10:00:00Z"),
        new EvidenceStore(dir.resolve("evidence")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ArtifactScored submit(Map<String, String> reports) {
    return pipeline.submit(v1.id().value(), reports, ALICE, CAUSE).scoring().scored();
  }

  @Nested
  class Scoring {
    @Test
    void goodReports_passTheDevGate_andAreRecorded() {
      ArtifactScored scored = submit(Reports.of(Reports.GOOD));
      assertThat(scored.passed()).isTrue();
      assertThat(scored.environment()).isEqualTo(EnvironmentName.DEV);
      assertThat(scored.threshold()).isEqualTo(80);
      assertThat(scored.score()).isEqualTo(98);
      assertThat(scored.measures())
          .extracting(m -> m.name() + " " + m.score() + " " + m.evidence())
          .containsExactly(
              "review 100.0 all 3 commits carry a Reviewed-by from someone other than their author",
              "tests 100.0 5 of 5 tests passed (0 failed, 0 errors, 0 skipped) in 1 report",
              "coverage 100.0 81.25% of lines covered (130 of 160) against a target of 75%",
              "lint 86.0 1 error, 2 warnings, 1 info cost 14 points (error 10, warning 2, info 0)");
      assertThat(scored.reasons())
          .containsExactly(
              "The risk score 98 clears the dev threshold of 80.",
              "Optional measure 'simulation' is missing and is left out of the score.",
              "Optional measure 'happiness' is missing and is left out of the score.");
      assertThat(server.history().current().scores(v1.id()).get(EnvironmentName.DEV).scored())
          .isEqualTo(scored);
    }

    @Test
    void failingTests_vetoTheGate_withTheReason() {
      Map<String, String> reports = Reports.of(Reports.GOOD);
      reports.putAll(Reports.of("TEST-demo.CartTests.xml"));
      ArtifactScored scored = submit(reports);
      assertThat(scored.passed()).isFalse();
      assertThat(scored.reasons().get(0))
          .isEqualTo(
              "Measure 'tests' vetoes: its score 77.78 is below its veto floor of 100 (7 of 9 tests"
                  + " passed (1 failed, 1 error, 1 skipped) in 2 reports; failing:"
                  + " demo.CartTests.checkout_missingAddress_isRefused,"
                  + " demo.CartTests.total_discount_isApplied).");
    }

    @Test
    void missingReview_failsTheGate() {
      // Without a git log the recorded reviews decide; with none recorded, review scores 0.
      ArtifactScored scored =
          submit(Reports.of("TEST-dev.conveyor.core.fleet.NamesTests.xml", "results.sarif"));
      assertThat(scored.passed()).isFalse();
      assertThat(scored.reasons())
          .contains(
              "Measure 'review' vetoes: its score 0 is below its veto floor of 100 (no review"
                  + " recorded by someone other than the author alice; submit a git log with"
                  + " Reviewed-by trailers, or ask a reviewer to run 'conveyor review').");
    }

    @Test
    void xmlUnderAnotherName_isToldApartByItsRoot() {
      ArtifactScored scored =
          submit(Map.of("unit-results.xml", Reports.text("TEST-demo.CartTests.xml")));
      // review is there too: without a git log, it comes from the (no) recorded reviews.
      assertThat(scored.measures()).extracting(m -> m.name()).containsExactly("review", "tests");
    }

    @Test
    void configuredPipeline_isTheGateUsed() {
      PipelineSpec strict =
          PipelineSpec.parse(
              """
              environments:
                - name: dev
                  threshold: 99
                  measures:
                    tests: {weight: 3, vetoBelow: 100}
                    coverage: {weight: 1, target: 90}
              """,
              "pipeline.yaml");
      PipelineService service = service(strict);
      ArtifactScored scored =
          service
              .submit(v1.id().value(), Reports.of(Reports.GOOD), ALICE, CAUSE)
              .scoring()
              .scored();
      assertThat(scored.passed()).isFalse();
      assertThat(scored.measures()).extracting(m -> m.name()).containsExactly("tests", "coverage");
      assertThat(scored.reasons())
          .containsExactly("The risk score 97.57 is below the dev threshold of 99.");
    }

    @Test
    void resubmission_replacesTheLatestScore() {
      submit(Reports.of("TEST-demo.CartTests.xml"));
      ArtifactScored second = submit(Reports.of(Reports.GOOD));
      var scores = pipeline.scores(v1.id().shortForm());
      assertThat(scores).containsOnlyKeys(EnvironmentName.DEV);
      assertThat(scores.get(EnvironmentName.DEV).scored()).isEqualTo(second);
    }
  }

  @Nested
  class BadInput {
    private long before;

    @BeforeEach
    void mark() {
      before = server.history().store().lastSeq();
    }

    private void assertNothingRecorded() {
      assertThat(server.history().store().lastSeq()).isEqualTo(before);
      assertThat(server.history().current().scores(v1.id())).isEmpty();
    }

    @Test
    void unknownArtifact_isNotFound() {
      assertThatThrownBy(() -> pipeline.submit("abcdef12", Reports.of(Reports.GOOD), ALICE, CAUSE))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("no artifact matches 'abcdef12'; 'conveyor artifact list' shows them");
      assertNothingRecorded();
    }

    @Test
    void unreadableReport_namesFileAndLine_andRecordsNothing() {
      Map<String, String> reports = Reports.of(Reports.GOOD);
      reports.put("jacoco.xml", "<report>\n  <counter type=\"LINE\" missed=\"x\"");
      assertThatThrownBy(() -> submit(reports))
          .isInstanceOf(ReportException.class)
          .hasMessageStartingWith("jacoco.xml:2:");
      assertNothingRecorded();
    }

    @Test
    void unrecognisedReport_isRefused() {
      Map<String, String> reports = Reports.of(Reports.GOOD);
      reports.put("notes.md", "all good");
      assertThatThrownBy(() -> submit(reports))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "report 'notes.md' is not a recognised report; give TEST-*.xml (JUnit), jacoco.xml,"
                  + " checkstyle-result.xml or *.checkstyle.xml, *.sarif, or git-log*.txt (review"
                  + " trailers)");
      assertNothingRecorded();
    }

    @Test
    void noReports_isRefused() {
      assertThatThrownBy(() -> submit(Map.of()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "the submission has no reports; give at least one of TEST-*.xml (JUnit), jacoco.xml,"
                  + " checkstyle-result.xml or *.checkstyle.xml, *.sarif, or git-log*.txt (review"
                  + " trailers)");
      assertNothingRecorded();
    }

    @Test
    void twoCoverageReports_areRefused() {
      Map<String, String> reports = Reports.of(Reports.GOOD);
      reports.put("module-b/jacoco.xml", Reports.text("jacoco.xml"));
      assertThatThrownBy(() -> submit(reports))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "the submission has 2 reports of the coverage measure (jacoco.xml,"
                  + " module-b/jacoco.xml); give one JaCoCo report: merge them with jacoco:merge");
      assertNothingRecorded();
    }
  }

  /** Reports without a git log, so that the reviews recorded through the API decide. */
  private static final String[] WITHOUT_LOG = {
    "TEST-dev.conveyor.core.fleet.NamesTests.xml", "jacoco.xml", "checkstyle-result.xml"
  };

  private static final Actor BOB = Actor.of("bob");
  private static final Actor CAROL = Actor.of("carol");

  private Measure measure(ArtifactScored scored, String name) {
    return scored.measures().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  @Nested
  class Reviews {
    @Test
    void approvalByAnotherActor_passesReview() {
      RecordedEvent recorded =
          pipeline.review(v1.id().value(), ReviewVerdict.APPROVED, "looks good", BOB, CAUSE);
      assertThat(recorded.actor()).isEqualTo(BOB);
      assertThat(recorded.event())
          .isEqualTo(
              new ArtifactReviewed(
                  v1.id(), v1.service(), "bob", ReviewVerdict.APPROVED, "looks good"));
      ArtifactScored scored = submit(Reports.of(WITHOUT_LOG));
      assertThat(measure(scored, "review").score()).isEqualTo(100);
      assertThat(measure(scored, "review").evidence())
          .isEqualTo("approved by someone other than the author alice: bob approved");
      assertThat(scored.passed()).isTrue();
    }

    @Test
    void selfReview_isRefused_andNothingRecorded() {
      long before = server.history().store().lastSeq();
      assertThatThrownBy(
              () -> pipeline.review(v1.id().value(), ReviewVerdict.APPROVED, null, ALICE, CAUSE))
          .isInstanceOf(ForbiddenException.class)
          .hasMessage(
              "reviewer alice registered artifact "
                  + v1.id().shortForm()
                  + " and cannot review it: a review needs someone other than its author"
                  + " (alice); ask another developer to review it");
      assertThat(server.history().store().lastSeq()).isEqualTo(before);
      assertThat(server.history().current().reviews(v1.id())).isEmpty();
    }

    @Test
    void changesRequestedAfterAnApproval_scoresReview0() {
      pipeline.review(v1.id().value(), ReviewVerdict.APPROVED, null, BOB, CAUSE);
      pipeline.review(v1.id().value(), ReviewVerdict.CHANGES_REQUESTED, "no tests", CAROL, CAUSE);
      ArtifactScored scored = submit(Reports.of(WITHOUT_LOG));
      assertThat(measure(scored, "review").score()).isEqualTo(0);
      assertThat(measure(scored, "review").evidence())
          .isEqualTo(
              "changes requested after the last approval: bob approved, carol changes_requested");
      assertThat(scored.passed()).isFalse();
    }

    @Test
    void submittedGitLog_winsOverRecordedReviews() {
      pipeline.review(v1.id().value(), ReviewVerdict.CHANGES_REQUESTED, null, BOB, CAUSE);
      ArtifactScored scored = submit(Reports.of(Reports.GOOD));
      assertThat(measure(scored, "review").evidence())
          .isEqualTo("all 3 commits carry a Reviewed-by from someone other than their author");
    }
  }

  @Nested
  class Happiness {
    @Test
    void recordedSurvey_isTheHappinessMeasure_shownNotCounted() {
      pipeline.survey("checkout", Optional.of("2026-W46"), List.of(1, 1), BOB, CAUSE);
      RecordedEvent recorded =
          pipeline.survey("checkout", Optional.empty(), List.of(4, 5, 3, 4), BOB, CAUSE);
      // The server's clock says 2026-11-22, a Sunday in ISO week 47.
      assertThat(recorded.event())
          .isEqualTo(
              new SurveyRecorded(
                  ServiceName.of("checkout"), SurveyWeek.of("2026-W47"), List.of(4, 5, 3, 4)));
      ArtifactScored scored = submit(Reports.of(Reports.GOOD));
      Measure happiness = measure(scored, "happiness");
      assertThat(happiness.score()).isEqualTo(75);
      assertThat(happiness.weight()).isEqualTo(0);
      assertThat(happiness.evidence())
          .isEqualTo("mean answer 4 of 5 from 4 answers in week 2026-W47");
      assertThat(scored.score()).isEqualTo(98);
    }

    @Test
    void answerOutOfRange_isRefused_andNothingRecorded() {
      long before = server.history().store().lastSeq();
      assertThatThrownBy(
              () -> pipeline.survey("checkout", Optional.empty(), List.of(4, 0), BOB, CAUSE))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "survey answer 2 of 2 is 0; answers are whole numbers from 1 (unhappy) to 5 (happy)");
      assertThat(server.history().store().lastSeq()).isEqualTo(before);
    }
  }
}
