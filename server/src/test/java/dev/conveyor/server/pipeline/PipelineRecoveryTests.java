package dev.conveyor.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.history.Scoring;
import dev.conveyor.core.score.GateOutcome;
import dev.conveyor.core.score.PipelineSpec;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import dev.conveyor.server.TestArtifacts;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The belt keeps nothing but the history: a server that starts carries on where one stopped. */
class PipelineRecoveryTests {
  private static final Actor ALICE = Actor.of("alice");
  private static final Causation CAUSE = Causation.command("test req-1");

  private static final PipelineSpec PIPELINE =
      PipelineSpec.parse(
          """
          environments:
            - name: dev
              threshold: 80
              measures:
                tests: {weight: 3, vetoBelow: 100}
                coverage: {weight: 1, target: 90}
            - name: staging
              threshold: 85
              measures:
                tests: {weight: 3, vetoBelow: 100}
                coverage: {weight: 1, target: 90}
          """,
          "pipeline.yaml");

  @TempDir Path dir;

  @Test
  void aGoRecordedBeforeAStop_isCarriedOnByTheNextStart() throws Exception {
    Path data = dir.resolve("data");
    RegisteredArtifact v1;
    // The first server scores dev and stops before its belt moves on: its dev gate alone.
    try (ConveyorServer first =
        ConveyorServer.start(
            ServerSettings.defaults(data).withPort(0), ManualClock.at("2026-11-22T10:00:00Z"))) {
      try (InputStream in = Files.newInputStream(TestArtifacts.packed(dir, "checkout", "v1"))) {
        v1 = first.artifacts().push(in, Optional.empty(), ALICE, CAUSE).artifact();
      }
      try (PipelineService devOnly =
          new PipelineService(
              first.history(),
              first.artifacts(),
              PipelineSpec.ofGates(List.of(PIPELINE.gates().get(0))),
              InstantSource.system(),
              new EvidenceStore(first.data().evidence()))) {
        Scoring dev =
            devOnly
                .submit(
                    v1.id().value(),
                    Reports.of("TEST-dev.conveyor.core.fleet.NamesTests.xml", "jacoco.xml"),
                    ALICE,
                    CAUSE)
                .scoring();
        assertThat(dev.scored().outcome()).isEqualTo(GateOutcome.GO);
      }
      assertThat(first.history().current().scores(v1.id())).containsOnlyKeys(EnvironmentName.DEV);
    }

    try (ConveyorServer second =
        ConveyorServer.start(
            ServerSettings.defaults(data).withPort(0).withPipeline(PIPELINE),
            ManualClock.at("2026-11-22T10:05:00Z"))) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  second.history().current().scores(v1.id()).containsKey(EnvironmentName.STAGING));
      Scoring staging = second.history().current().scores(v1.id()).get(EnvironmentName.STAGING);
      assertThat(staging.scored().outcome()).isEqualTo(GateOutcome.GO);
      assertThat(staging.scored().evidence())
          .isEqualTo(
              second
                  .history()
                  .current()
                  .scores(v1.id())
                  .get(EnvironmentName.DEV)
                  .scored()
                  .evidence());
    }
  }
}
