package dev.conveyor.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Submissions and scores, served for real on a loopback port and called over HTTP. */
class SubmissionApiTests {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private ConveyorServer server;
  private String id;

  record Answer(int status, JsonNode body) {}

  @BeforeEach
  void start() throws Exception {
    server =
        ConveyorServer.start(
            ServerSettings.defaults(dir.resolve("data"))
                .withPort(0)
                // the dev gate alone: the belt beyond it is PipelineBeltTests' subject
                .withPipeline(
                    dev.conveyor.core.score.PipelineSpec.ofGates(
                        java.util.List.of(
                            dev.conveyor.core.score.PipelineSpec.DEFAULT
                                .gate(dev.conveyor.core.fleet.EnvironmentName.DEV)
                                .orElseThrow()))),
            ManualClock.at("2026-11-22T10:00:00Z"));
    Path v1 = TestArtifacts.packed(dir, "checkout", "v1");
    id = ArtifactArchive.digest(v1).value();
    send(
        HttpRequest.newBuilder(uri("/api/artifacts"))
            .POST(HttpRequest.BodyPublishers.ofFile(v1))
            .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Answer submit(String artifact, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri("/api/artifacts/" + artifact + "/submissions"))
            .header("Content-Type", "application/json")
            .header("Conveyor-Actor", "alice")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private String body(Map<String, String> reports) throws Exception {
    return json.writeValueAsString(Map.of("reports", reports));
  }

  private Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), json.readTree(response.body()));
  }

  private URI uri(String path) {
    return server.url().resolve(path);
  }

  @Test
  void submit_goodReports_answersTheDecisionWithContributions() throws Exception {
    Answer answer = submit(id, body(Reports.of(Reports.GOOD)));
    assertThat(answer.status()).isEqualTo(201);
    JsonNode decision = answer.body();
    assertThat(decision.get("environment").asText()).isEqualTo("dev");
    assertThat(decision.get("passed").asBoolean()).isTrue();
    assertThat(decision.get("score").asDouble()).isEqualTo(98);
    assertThat(decision.get("threshold").asDouble()).isEqualTo(80);
    JsonNode lint = decision.get("measures").get(3);
    assertThat(lint.get("name").asText()).isEqualTo("lint");
    assertThat(lint.get("score").asDouble()).isEqualTo(86);
    assertThat(lint.get("weight").asDouble()).isEqualTo(1);
    assertThat(lint.get("contribution").asDouble()).isCloseTo(86.0 / 7, within(1e-9));
    assertThat(lint.has("vetoFloor")).isTrue();
    assertThat(lint.get("vetoFloor").isNull()).isTrue();
    assertThat(decision.get("measures").get(1).get("vetoFloor").asDouble()).isEqualTo(100);
    assertThat(decision.get("reasons").get(0).asText())
        .isEqualTo("The risk score 98 clears the dev threshold of 80.");

    JsonNode event =
        send(HttpRequest.newBuilder(uri("/api/history?order=desc&limit=1")).build())
            .body()
            .get("events")
            .get(0);
    assertThat(event.get("type").asText()).isEqualTo("artifact_scored");
    assertThat(event.get("actor").asText()).isEqualTo("alice");
    assertThat(event.get("causation").asText()).startsWith("command:submit req-");

    Answer scores =
        send(
            HttpRequest.newBuilder(uri("/api/artifacts/" + id.substring(7, 15) + "/scores"))
                .build());
    assertThat(scores.status()).isEqualTo(200);
    assertThat(scores.body().get("scores")).hasSize(1);
    assertThat(scores.body().get("scores").get(0)).isEqualTo(decision);
  }

  @Test
  void submit_unreadableReport_is400NamingFileAndLine_andRecordsNothing() throws Exception {
    long before = server.history().store().lastSeq();
    Answer answer =
        submit(id, body(Map.of("checkstyle-result.xml", "<checkstyle>\n<file name=\"A.java\">")));
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("error").asText()).isEqualTo("invalid_report");
    assertThat(answer.body().get("message").asText()).startsWith("checkstyle-result.xml:2:");
    assertThat(server.history().store().lastSeq()).isEqualTo(before);
  }

  @Test
  void submit_unknownArtifact_is404() throws Exception {
    Answer answer = submit("abcdef12", body(Reports.of(Reports.GOOD)));
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body().get("message").asText())
        .isEqualTo("no artifact matches 'abcdef12'; 'conveyor artifact list' shows them");
  }

  @Test
  void submit_badBodies_sayWhatIsWrong() throws Exception {
    assertThat(submit(id, "{\"report\":{}}").body().get("message").asText())
        .isEqualTo("unknown field 'report' in the request body (known: reports)");
    assertThat(submit(id, "{}").body().get("message").asText())
        .isEqualTo("the request body needs 'reports': an object of report file name → report text");
    Answer tooLarge =
        submit(id, body(Map.of("jacoco.xml", "x".repeat((int) HttpApi.MAX_JSON_BODY_BYTES))));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.body().get("message").asText())
        .isEqualTo("the request body is larger than the limit of 1048576 bytes");
  }

  @Test
  void scores_unscoredArtifact_isEmpty() throws Exception {
    Answer scores = send(HttpRequest.newBuilder(uri("/api/artifacts/" + id + "/scores")).build());
    assertThat(scores.body().get("scores")).isEmpty();
  }
}
