package dev.conveyor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import dev.conveyor.server.TestArtifacts;
import dev.conveyor.server.artifact.ArtifactArchive;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API, served for real on a loopback port and called over HTTP. */
class HttpApiTests {
  @TempDir Path dir;
  private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private ConveyorServer server;

  /** A response: status and parsed body. */
  record Answer(int status, JsonNode body) {}

  @BeforeEach
  void start() {
    server = ConveyorServer.start(ServerSettings.defaults(dir.resolve("data")).withPort(0), clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private Answer push(Path file, String digest) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/api/artifacts"))
            .header("Conveyor-Actor", "alice")
            .POST(HttpRequest.BodyPublishers.ofFile(file));
    if (digest != null) {
      request.header(ArtifactRoutes.DIGEST_HEADER, digest);
    }
    return send(request.build());
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), json.readTree(response.body()));
  }

  private URI uri(String path) {
    return server.url().resolve(path);
  }

  private long storedFiles() throws IOException {
    Path objects = server.data().artifacts().resolve("sha256");
    if (!Files.exists(objects)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(objects)) {
      return files.count();
    }
  }

  @Nested
  class Artifacts {
    @Test
    void push_newPackage_registersItOnce() throws Exception {
      Path v1 = TestArtifacts.packed(dir, "checkout", "v1");
      String id = ArtifactArchive.digest(v1).value();

      Answer first = push(v1, id);
      assertThat(first.status()).isEqualTo(201);
      assertThat(first.body().get("created").asBoolean()).isTrue();
      JsonNode artifact = first.body().get("artifact");
      assertThat(artifact.get("id").asText()).isEqualTo(id);
      assertThat(artifact.get("service").asText()).isEqualTo("checkout");
      assertThat(artifact.get("version").asText()).isEqualTo("v1");
      assertThat(artifact.get("provenance").get("commit").asText()).isEqualTo("f1176b5");
      assertThat(artifact.get("manifest").get("command").toString())
          .isEqualTo("[\"java\",\"-jar\",\"app.jar\"]");

      Answer second = push(v1, null);
      assertThat(second.status()).isEqualTo(200);
      assertThat(second.body().get("created").asBoolean()).isFalse();
      assertThat(server.history().store().lastSeq()).isEqualTo(1);
      assertThat(storedFiles()).isEqualTo(1);

      JsonNode event = get("/api/history").body().get("events").get(0);
      assertThat(event.get("actor").asText()).isEqualTo("alice");
      assertThat(event.get("type").asText()).isEqualTo("artifact_registered");
      assertThat(event.get("causation").asText()).startsWith("command:artifact push req-");
    }

    @Test
    void push_wrongDigest_isRefusedAndNothingIsKept() throws Exception {
      Path v1 = TestArtifacts.packed(dir, "checkout", "v1");
      String wrong = "sha256:" + "0".repeat(64);
      Answer answer = push(v1, wrong);
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body().get("error").asText()).isEqualTo("invalid_input");
      assertThat(answer.body().get("message").asText())
          .isEqualTo(
              "artifact upload is corrupt: its bytes hash to "
                  + ArtifactArchive.digest(v1)
                  + ", not the expected "
                  + wrong);
      assertThat(storedFiles()).isZero();
      assertThat(server.history().store().lastSeq()).isZero();
    }

    @Test
    void push_invalidManifest_namesFileLineAndKey_andKeepsNothing() throws Exception {
      Path bad =
          TestArtifacts.packedWith(
              dir,
              "bad",
              "service: checkout\nversion: v2\nrun:\n  comand: [java]\nreadiness:\n  path: /ready\n");
      Answer answer = push(bad, null);
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body().get("message").asText())
          .isEqualTo(
              "conveyor.yaml:4: unknown key 'comand' in 'run'; did you mean 'command'?"
                  + " (allowed: command, env, port)");
      assertThat(storedFiles()).isZero();
      assertThat(server.history().store().lastSeq()).isZero();
    }

    @Test
    void push_notAnArchive_isRefused() throws Exception {
      Path junk = dir.resolve("junk.tar.gz");
      Files.writeString(junk, "this is not gzip");
      Answer answer = push(junk, null);
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body().get("message").asText())
          .isEqualTo("artifact upload is not a valid .tar.gz: not gzip data");
    }

    @Test
    void listAndShow_findArtifactsByServiceAndPrefix() throws Exception {
      Path checkout = TestArtifacts.packed(dir, "checkout", "v1");
      push(checkout, null);
      push(TestArtifacts.packed(dir, "cart", "v7"), null);
      assertThat(get("/api/artifacts").body().get("artifacts")).hasSize(2);
      JsonNode carts = get("/api/artifacts?service=cart").body().get("artifacts");
      assertThat(carts).hasSize(1);
      assertThat(carts.get(0).get("version").asText()).isEqualTo("v7");
      assertThat(carts.get(0).has("manifest")).isFalse();

      String hex = ArtifactArchive.digest(checkout).hex();
      Answer shown = get("/api/artifacts/" + hex.substring(0, 8));
      assertThat(shown.status()).isEqualTo(200);
      assertThat(shown.body().get("service").asText()).isEqualTo("checkout");
      assertThat(shown.body().get("manifest").get("readinessPath").asText()).isEqualTo("/ready");
    }

    @Test
    void show_unknown_is404WithTheErrorShape() throws Exception {
      Answer answer = get("/api/artifacts/abcdef12");
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.body().get("error").asText()).isEqualTo("not_found");
      assertThat(answer.body().get("message").asText())
          .isEqualTo("no artifact matches 'abcdef12'; 'conveyor artifact list' shows them");
    }

    @Test
    void show_notAnId_is400() throws Exception {
      Answer answer = get("/api/artifacts/xyz");
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body().get("message").asText())
          .isEqualTo(
              "'xyz' is not an artifact id: give sha256:<64 hex digits>, or at least 4 leading hex"
                  + " digits of one");
    }
  }

  @Nested
  class HistoryAndStatus {
    private void pushVersions(int count) throws Exception {
      for (int i = 1; i <= count; i++) {
        push(TestArtifacts.packed(dir, "checkout", "v" + i), null);
        clock.advance(Duration.ofMinutes(1));
      }
    }

    @Test
    void history_pagesForwardWithTheNextCursor() throws Exception {
      pushVersions(5);
      JsonNode first = get("/api/history?limit=2").body();
      assertThat(first.get("events").findValuesAsText("seq")).containsExactly("1", "2");
      assertThat(first.get("next").asLong()).isEqualTo(2);
      assertThat(first.get("lastSeq").asLong()).isEqualTo(5);
      JsonNode last = get("/api/history?limit=2&after=4").body();
      assertThat(last.get("events").findValuesAsText("seq")).containsExactly("5");
      assertThat(last.get("next").isNull()).isTrue();
    }

    @Test
    void history_pagesBackwardNewestFirst() throws Exception {
      pushVersions(5);
      JsonNode page = get("/api/history?order=desc&limit=2").body();
      assertThat(page.get("events").findValuesAsText("seq")).containsExactly("5", "4");
      JsonNode older =
          get("/api/history?order=desc&limit=2&before=" + page.get("next").asLong()).body();
      assertThat(older.get("events").findValuesAsText("seq")).containsExactly("3", "2");
    }

    @Test
    void history_badParameters_sayWhatIsWrong() throws Exception {
      Answer limit = get("/api/history?limit=0");
      assertThat(limit.status()).isEqualTo(400);
      assertThat(limit.body().get("message").asText())
          .isEqualTo("query parameter 'limit' must be a whole number from 1 to 1000, got '0'");
      assertThat(get("/api/history?order=sideways").body().get("message").asText())
          .isEqualTo("query parameter 'order' must be asc or desc, got 'sideways'");
      assertThat(get("/api/history?service=Checkout").body().get("message").asText())
          .startsWith("service name 'Checkout' is not valid");
    }

    @Test
    void status_atTimeOrSeq_isTheStateThen() throws Exception {
      pushVersions(3);
      assertThat(get("/api/status").body().get("seq").asLong()).isEqualTo(3);
      assertThat(get("/api/status?seq=1").body().get("seq").asLong()).isEqualTo(1);
      assertThat(get("/api/status?at=2026-11-22T10:01:30Z").body().get("seq").asLong())
          .isEqualTo(2);
      assertThat(get("/api/status?at=2026-11-22T09:00:00Z").body().get("seq").asLong()).isZero();
      Answer both = get("/api/status?at=2026-11-22T10:00:00Z&seq=1");
      assertThat(both.status()).isEqualTo(400);
      assertThat(both.body().get("message").asText())
          .isEqualTo("give either 'at' or 'seq', not both");
      Answer beyond = get("/api/status?seq=9");
      assertThat(beyond.status()).isEqualTo(404);
      assertThat(beyond.body().get("message").asText())
          .isEqualTo("there is no event 9 in the history: it ends at sequence 3");
      assertThat(get("/api/status?at=noon").body().get("message").asText())
          .isEqualTo(
              "query parameter 'at' must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, got"
                  + " 'noon'");
    }

    @Test
    void verify_reportsAnIntactChain() throws Exception {
      pushVersions(2);
      JsonNode report = get("/api/history/verify").body();
      assertThat(report.get("intact").asBoolean()).isTrue();
      assertThat(report.get("summary").asText())
          .isEqualTo("history verified: 2 events, hash chain intact up to sequence 2");
    }
  }

  @Nested
  class Instances {
    private Answer post(String path, String body) throws Exception {
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build());
    }

    @Test
    void change_badBodies_sayExactlyWhatIsWrong() throws Exception {
      assertThat(
              post("/api/instances/checkout-a1/changes", "{\"to\":\"active\",\"wieght\":5}")
                  .body()
                  .get("message")
                  .asText())
          .isEqualTo("unknown field 'wieght' in the request body (known: reason, to, weight)");
      assertThat(
              post("/api/instances/checkout-a1/changes", "{\"to\":\"draining\"}")
                  .body()
                  .get("message")
                  .asText())
          .isEqualTo(
              "an instance can be changed to active, standby, shadow or stopped, not draining"
                  + " (Conveyor sets starting, draining and failed itself)");
      assertThat(
              post("/api/instances/checkout-a1/changes", "{\"to\":\"active\"}")
                  .body()
                  .get("message")
                  .asText())
          .isEqualTo(
              "field 'weight' (basis points, 1 to 10000) for an active instance is required");
      assertThat(
              post("/api/instances/checkout-a1/changes", "{\"to\":\"sideways\"}")
                  .body()
                  .get("message")
                  .asText())
          .isEqualTo(
              "unknown activation state 'sideways': expected one of starting, standby, active, shadow,"
                  + " draining, stopped, failed");
      assertThat(
              post("/api/instances/checkout-a1/changes", "{\"to\":").body().get("message").asText())
          .startsWith("the request body is not valid JSON: ");
      Answer missing = post("/api/instances/checkout-a1/changes", "{\"to\":\"standby\"}");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.body().get("message").asText())
          .isEqualTo("instance checkout-a1 does not exist or has stopped");
    }

    @Test
    void launch_unknownArtifact_is404() throws Exception {
      Answer answer =
          post("/api/fleets/checkout/production/instances", "{\"artifact\":\"abcd1234\"}");
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.body().get("message").asText())
          .isEqualTo("no artifact matches 'abcd1234'; 'conveyor artifact list' shows them");
    }

    @Test
    void expose_recordsThePortAndStatusShowsTheFleet() throws Exception {
      int free;
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        free = s.getLocalPort();
      }
      Answer answer =
          send(
              HttpRequest.newBuilder(uri("/api/fleets/checkout/staging/exposure"))
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString("{\"port\":" + free + "}"))
                  .build());
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body().get("port").asInt()).isEqualTo(free);
      JsonNode fleet = get("/api/status").body().get("fleets").get(0);
      assertThat(fleet.get("service").asText()).isEqualTo("checkout");
      assertThat(fleet.get("port").asInt()).isEqualTo(free);
      JsonNode router = get("/api/history").body().get("events").get(0);
      assertThat(router.get("summary").asText())
          .isEqualTo("fleet checkout/staging served by the router on port " + free);
    }
  }

  @Test
  void metrics_areInPrometheusText() throws Exception {
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.body())
        .contains(
            "# TYPE conveyor_history_last_sequence gauge\nconveyor_history_last_sequence 0\n");
  }

  @Test
  void unknownRoute_is404WithTheErrorShape() throws Exception {
    Answer answer = get("/api/nothing-here");
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body().get("error").asText()).isEqualTo("not_found");
    assertThat(answer.body().get("message").asText())
        .isEqualTo("no such endpoint: GET /api/nothing-here");
  }

  @Test
  void health_saysOkAndTheLastSequence() throws Exception {
    JsonNode health = get("/api/health").body();
    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("seq").asLong()).isZero();
  }
}
