package dev.conveyor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import dev.conveyor.server.TestArtifacts;
import dev.conveyor.server.artifact.ArtifactArchive;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reviews and surveys, served for real on a loopback port and called over HTTP. */
class ReviewSurveyApiTests {
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
            ServerSettings.defaults(dir.resolve("data")).withPort(0),
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

  private Answer post(String path, String actor, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("Conveyor-Actor", actor)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), json.readTree(response.body()));
  }

  private URI uri(String path) {
    return server.url().resolve(path);
  }

  @Test
  void review_byAnotherActor_isRecordedWithItsActor() throws Exception {
    Answer answer =
        post(
            "/api/artifacts/" + id.shortForm() + "/reviews",
            "bob",
            "{\"verdict\":\"approved\",\"comment\":\"looks good\"}");
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body().get("actor").asText()).isEqualTo("bob");
    assertThat(answer.body().get("type").asText()).isEqualTo("artifact_reviewed");
    assertThat(answer.body().get("summary").asText())
        .isEqualTo("artifact " + id.shortForm() + " of checkout approved by bob: looks good");
  }

  @Test
  void review_byTheAuthor_is403Forbidden_namingBoth() throws Exception {
    Answer answer =
        post("/api/artifacts/" + id.value() + "/reviews", "alice", "{\"verdict\":\"approved\"}");
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body().get("error").asText()).isEqualTo("forbidden");
    assertThat(answer.body().get("message").asText())
        .isEqualTo(
            "reviewer alice registered artifact "
                + id.shortForm()
                + " and cannot review it: a review needs someone other than its author (alice);"
                + " ask another developer to review it");
    assertThat(server.history().current().reviews(id)).isEmpty();
  }

  @Test
  void review_badVerdict_is400() throws Exception {
    Answer answer =
        post("/api/artifacts/" + id.value() + "/reviews", "bob", "{\"verdict\":\"lgtm\"}");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("error").asText()).isEqualTo("invalid_input");
    assertThat(answer.body().get("message").asText())
        .isEqualTo("verdict 'lgtm' is not one of approved, changes_requested");
    Answer none = post("/api/artifacts/" + id.value() + "/reviews", "bob", "{}");
    assertThat(none.body().get("message").asText())
        .isEqualTo("the request body needs 'verdict': approved or changes_requested");
  }

  @Test
  void survey_withoutWeek_isThisWeekByTheServersClock() throws Exception {
    Answer answer = post("/api/services/checkout/surveys", "bob", "{\"answers\":[4,5,3,4]}");
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body().get("event").toString())
        .isEqualTo(
            "{\"answers\":[4,5,3,4],\"service\":\"checkout\",\"type\":\"survey_recorded\","
                + "\"week\":\"2026-W47\"}");
    assertThat(answer.body().get("summary").asText())
        .isEqualTo("survey of checkout for 2026-W47: mean answer 4 of 5 from 4 answers");
  }

  @Test
  void survey_answerOutOfRange_is400WithSurveyScoresMessage() throws Exception {
    long before = server.history().store().lastSeq();
    Answer answer =
        post("/api/services/checkout/surveys", "bob", "{\"week\":\"2026-W46\",\"answers\":[4,9]}");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("error").asText()).isEqualTo("invalid_input");
    assertThat(answer.body().get("message").asText())
        .isEqualTo(
            "survey answer 2 of 2 is 9; answers are whole numbers from 1 (unhappy) to 5 (happy)");
    assertThat(server.history().store().lastSeq()).isEqualTo(before);
  }
}
