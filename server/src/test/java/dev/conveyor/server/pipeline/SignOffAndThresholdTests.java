package dev.conveyor.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.ForbiddenException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.ArtifactScored;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.history.Scoring;
import dev.conveyor.core.score.GateOutcome;
import dev.conveyor.core.score.PipelineSpec;
import dev.conveyor.core.score.ReportException;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import dev.conveyor.server.TestArtifacts;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The belt between stages that only score reports: the warn band waits for a sign-off by an
 * approver who is not the author, later stages recompute from the stored evidence, and thresholds
 * move at runtime with a reason.
 */
class SignOffAndThresholdTests {
  private static final Actor ALICE = Actor.of("alice");
  private static final Actor CAROL = Actor.of("carol");
  private static final Causation CAUSE = Causation.command("test req-1");
  private static final EnvironmentName DEV = EnvironmentName.DEV;
  private static final EnvironmentName STAGING = EnvironmentName.STAGING;

  /** The good reports score 97.57 here: in dev's warn band, clear of staging's threshold. */
  private static final PipelineSpec PIPELINE =
      PipelineSpec.parse(
          """
          approvers: [carol, dave]
          environments:
            - name: dev
              threshold: 99
              warn: 90
              measures:
                tests: {weight: 3, vetoBelow: 100}
                coverage: {weight: 1, target: 90}
            - name: staging
              threshold: 90
              measures:
                tests: {weight: 3, vetoBelow: 100}
                coverage: {weight: 1, target: 90}
          """,
          "pipeline.yaml");

  @TempDir Path dir;
  private ConveyorServer server;
  private PipelineService pipeline;
  private RegisteredArtifact v1;
  private EvidenceStore evidence;

  @BeforeEach
  void start() throws Exception {
    server =
        ConveyorServer.start(
            ServerSettings.defaults(dir.resolve("data")).withPort(0),
            ManualClock.at("2026-11-22T10:00:00Z"));
    evidence = new EvidenceStore(dir.resolve("evidence"));
    pipeline =
        new PipelineService(
            server.history(), server.artifacts(), PIPELINE, InstantSource.system(), evidence);
    try (InputStream in = Files.newInputStream(TestArtifacts.packed(dir, "checkout", "v1"))) {
      v1 = server.artifacts().push(in, Optional.empty(), ALICE, CAUSE).artifact();
    }
  }

  @AfterEach
  void stop() {
    pipeline.close();
    server.close();
  }

  private ArtifactScored submitGood() {
    return pipeline
        .submit(
            v1.id().value(),
            Reports.of("TEST-dev.conveyor.core.fleet.NamesTests.xml", "jacoco.xml"),
            ALICE,
            CAUSE)
        .scoring()
        .scored();
  }

  private Optional<ArtifactScored> latest(EnvironmentName env) {
    return Optional.ofNullable(pipeline.scores(v1.id().value()).get(env)).map(Scoring::scored);
  }

  private ArtifactScored awaitScored(EnvironmentName env, long afterSeq) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Optional.ofNullable(pipeline.scores(v1.id().value()).get(env))
                    .filter(s -> s.seq() > afterSeq)
                    .isPresent());
    return latest(env).orElseThrow();
  }

  @Test
  void warnBand_waitsForASignOff_thenTheBeltGoesOnFromTheStoredEvidence() {
    ArtifactScored dev = submitGood();
    assertThat(dev.outcome()).isEqualTo(GateOutcome.AWAITING_SIGNOFF);
    assertThat(dev.score()).isCloseTo(97.57, org.assertj.core.api.Assertions.within(0.005));
    assertThat(dev.reasons().get(0))
        .isEqualTo(
            "The risk score 97.57 is below the dev threshold of 99 but within its warn band from"
                + " 90, so it may go on with a sign-off.");
    assertThat(dev.evidence()).hasSize(2);
    long seq = server.history().store().lastSeq();

    pipeline.signOff(v1.id().value(), "dev", " legal checked the terms ", CAROL, CAUSE);

    ArtifactScored signed = awaitScored(DEV, seq);
    assertThat(signed.outcome()).isEqualTo(GateOutcome.GO);
    assertThat(signed.reasons()).contains("Signed off by carol: legal checked the terms.");
    ArtifactScored staging = awaitScored(STAGING, seq);
    assertThat(staging.outcome()).isEqualTo(GateOutcome.GO);
    assertThat(staging.measures()).extracting(m -> m.name()).containsExactly("tests", "coverage");
    assertThat(staging.evidence()).isEqualTo(dev.evidence());
  }

  @Test
  void signOff_byTheAuthor_isForbidden_andRecordsNothing() {
    submitGood();
    long before = server.history().store().lastSeq();
    assertThatThrownBy(() -> pipeline.signOff(v1.id().value(), "dev", "fine", ALICE, CAUSE))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "approver alice registered artifact "
                + v1.id().shortForm()
                + " and cannot sign it off: a sign-off needs someone other than its author; ask"
                + " an approver (carol, dave)");
    assertThat(server.history().store().lastSeq()).isEqualTo(before);
  }

  @Test
  void signOff_bySomeoneNotAnApprover_isForbidden() {
    submitGood();
    assertThatThrownBy(
            () -> pipeline.signOff(v1.id().value(), "dev", "fine", Actor.of("bob"), CAUSE))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("bob is not an approver of this pipeline; its approvers are carol, dave");
  }

  @Test
  void signOff_withoutAReason_orWhenNothingAwaits_isRefused() {
    assertThatThrownBy(() -> pipeline.signOff(v1.id().value(), "dev", "fine", CAROL, CAUSE))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "artifact "
                + v1.id().shortForm()
                + " is not awaiting a sign-off in dev: it has not been scored there");
    submitGood();
    assertThatThrownBy(() -> pipeline.signOff(v1.id().value(), "dev", "  ", CAROL, CAUSE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "a sign-off needs a reason, such as 'legal approved the new terms (TICKET-12)'");
    assertThatThrownBy(() -> pipeline.signOff(v1.id().value(), "qa", "fine", CAROL, CAUSE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("environment 'qa' is not in the pipeline; its environments are [dev, staging]");
  }

  @Test
  void evidenceChangedOnDisk_isANoGo_withTheReason() throws Exception {
    ArtifactScored dev = submitGood();
    String digest = dev.evidence().get("jacoco.xml");
    Files.writeString(evidence.blob(digest), "<report name=\"forged\"/>");
    long seq = server.history().store().lastSeq();

    pipeline.signOff(v1.id().value(), "dev", "legal checked the terms", CAROL, CAUSE);

    ArtifactScored refused = awaitScored(DEV, seq);
    assertThat(refused.outcome()).isEqualTo(GateOutcome.NO_GO);
    assertThat(refused.reasons().get(0))
        .startsWith(
            "The stored evidence of the dev scoring cannot be used: evidence "
                + digest
                + " was changed on disk: its content now hashes to ");
  }

  @Test
  void tightenedThreshold_appliesToTheNextDecision_withItsReason() {
    pipeline.adjust("staging", 8, "error budget at 10% (INC-42)", Actor.of("olga"), CAUSE);
    assertThat(pipeline.gates().get(1).threshold()).isEqualTo(98);
    submitGood();
    long seq = server.history().store().lastSeq();
    pipeline.signOff(v1.id().value(), "dev", "legal checked the terms", CAROL, CAUSE);
    ArtifactScored staging = awaitScored(STAGING, seq);
    assertThat(staging.outcome()).isEqualTo(GateOutcome.NO_GO);
    assertThat(staging.threshold()).isEqualTo(98);
    assertThat(staging.reasons())
        .contains("The risk score 97.57 is below the staging threshold of 98.");
  }

  @Test
  void thresholdOutside0To100_orWithoutAReason_isRefused_andRecordsNothing() {
    long before = server.history().store().lastSeq();
    assertThatThrownBy(() -> pipeline.adjust("staging", 20, "audit", ALICE, CAUSE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "moving the staging threshold of 90 by 20 gives 110, outside 0-100; choose a change"
                + " from -90 to 10");
    assertThatThrownBy(() -> pipeline.adjust("staging", 5, " ", ALICE, CAUSE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("a threshold change needs a reason, such as 'error budget exhausted (INC-42)'");
    assertThat(server.history().store().lastSeq()).isEqualTo(before);
  }

  @Test
  void gitLogOfAnotherCommit_isRefused_andNothingIsRecordedOrStored() {
    long before = server.history().store().lastSeq();
    Map<String, String> reports = Reports.of("git-log-unreviewed.txt");
    assertThatThrownBy(() -> pipeline.submit(v1.id().value(), reports, ALICE, CAUSE))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            "git-log-unreviewed.txt: is for commit 7a5d3057b4db8e1904b72d72b17acbb2356cb920, but"
                + " artifact "
                + v1.id().shortForm()
                + " was built from commit f1176b5; submit the reports of the build that produced"
                + " the artifact");
    assertThat(server.history().store().lastSeq()).isEqualTo(before);
    assertThat(dir.resolve("evidence")).doesNotExist();
  }
}
