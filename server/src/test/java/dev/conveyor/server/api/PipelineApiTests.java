package dev.conveyor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.score.PipelineSpec;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import dev.conveyor.server.TestArtifacts;
import dev.conveyor.server.artifact.ArtifactArchive;
import dev.conveyor.server.pipeline.Reports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-off, thresholds and an artifact's way along the pipeline, over HTTP. */
class PipelineApiTests {
  /** Good reports score 97.57: in dev's warn band. */
  private static final PipelineSpec PIPELINE =
      PipelineSpec.parse(
          """
          approvers: [carol]
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
          """,
          "pipeline.yaml");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private ConveyorServer server;
  private ArtifactId id;

  record Answer(int status, JsonNode body) {}

  @BeforeEach
  void start() throws Exception {
    server =
        ConveyorServer.start(
            ServerSettings.defaults(dir.resolve("data")).withPort(0).withPipeline(PIPELINE),
            ManualClock.at("2026-11-22T10:00:00Z"));
    Path v1 = TestArtifacts.packed(dir, "checkout", "v1");
    id = ArtifactArchive.digest(v1);
    send(
        HttpRequest.newBuilder(uri("/api/artifacts"))
            .header("Conveyor-Actor", "alice")
            .POST(HttpRequest.BodyPublishers.ofFile(v1))
            .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Answer post(String path, String actor, Object body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("Conveyor-Actor", actor)
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build());
  }

  private Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).build());
  }

  private Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), json.readTree(response.body()));
  }

  private URI uri(String path) {
    return server.url().resolve(path);
  }

  private void submitGood() throws Exception {
    Answer submitted =
        post(
            "/api/artifacts/" + id.value() + "/submissions",
            "alice",
            Map.of(
                "reports",
                Reports.of("TEST-dev.conveyor.core.fleet.NamesTests.xml", "jacoco.xml")));
    assertThat(submitted.status()).isEqualTo(201);
    assertThat(submitted.body().get("outcome").asText()).isEqualTo("awaiting_signoff");
    assertThat(submitted.body().get("evidence").size()).isEqualTo(2);
  }

  @Test
  void signOff_byTheAuthor_is403_byAnApprover_isRecorded_andTheBeltGoesOn() throws Exception {
    submitGood();
    Answer own =
        post(
            "/api/artifacts/" + id.shortForm() + "/signoffs",
            "alice",
            Map.of("environment", "dev", "reason", "mine is fine"));
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.body().get("error").asText()).isEqualTo("forbidden");

    Answer signed =
        post(
            "/api/artifacts/" + id.shortForm() + "/signoffs",
            "carol",
            Map.of("environment", "dev", "reason", "terms checked (LEGAL-12)"));
    assertThat(signed.status()).isEqualTo(201);
    assertThat(signed.body().get("type").asText()).isEqualTo("artifact_signed_off");
    assertThat(signed.body().get("actor").asText()).isEqualTo("carol");

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(
            () ->
                get("/api/artifacts/" + id.value() + "/pipeline")
                    .body()
                    .get("stages")
                    .get(1)
                    .get("state")
                    .asText()
                    .equals("go"));
    JsonNode stages = get("/api/artifacts/" + id.value() + "/pipeline").body().get("stages");
    assertThat(stages.get(0).get("state").asText()).isEqualTo("go");
    assertThat(stages.get(0).get("signOff").get("approver").asText()).isEqualTo("carol");
    assertThat(stages.get(1).get("scoring").get("evidence"))
        .isEqualTo(stages.get(0).get("scoring").get("evidence"));
  }

  @Test
  void signOff_whenNothingAwaits_is409_andWithoutEnvironment_is400() throws Exception {
    Answer early =
        post(
            "/api/artifacts/" + id.value() + "/signoffs",
            "carol",
            Map.of("environment", "dev", "reason", "fine"));
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.body().get("message").asText())
        .isEqualTo(
            "artifact "
                + id.shortForm()
                + " is not awaiting a sign-off in dev: it has not been scored there");
    Answer bare = post("/api/artifacts/" + id.value() + "/signoffs", "carol", Map.of());
    assertThat(bare.status()).isEqualTo(400);
    assertThat(bare.body().get("message").asText())
        .isEqualTo("the request body needs 'environment': the stage signed off, such as staging");
  }

  @Test
  void threshold_movesTheGate_andAnOutOfRangeChangeIs400() throws Exception {
    Answer moved =
        post(
            "/api/pipeline/environments/staging/threshold",
            "olga",
            Map.of("delta", -5, "reason", "quiet week"));
    assertThat(moved.status()).isEqualTo(201);
    assertThat(moved.body().get("type").asText()).isEqualTo("threshold_adjusted");
    JsonNode gates = get("/api/pipeline").body();
    assertThat(gates.get("approvers").toString()).isEqualTo("[\"carol\"]");
    JsonNode staging = gates.get("gates").get(1);
    assertThat(staging.get("configuredThreshold").asDouble()).isEqualTo(90);
    assertThat(staging.get("threshold").asDouble()).isEqualTo(85);
    assertThat(staging.get("adjustmentReason").asText()).isEqualTo("quiet week");

    Answer tooFar =
        post(
            "/api/pipeline/environments/dev/threshold",
            "olga",
            Map.of("delta", 2, "reason", "audit"));
    assertThat(tooFar.status()).isEqualTo(400);
    assertThat(tooFar.body().get("message").asText())
        .isEqualTo(
            "moving the dev threshold of 99 by 2 gives 101, outside 0-100; choose a change from"
                + " -99 to 1");
    Answer noDelta =
        post("/api/pipeline/environments/dev/threshold", "olga", Map.of("reason", "x"));
    assertThat(noDelta.status()).isEqualTo(400);
  }
}
