package dev.conveyor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.core.testing.CalibrationHistory;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/risk/calibration}, served for real on a loopback port, over a SQLite history
 * holding {@link CalibrationHistory#recordExample}: scorings, production deployments, failures,
 * rollbacks.
 */
class RiskApiTests {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private ConveyorServer server;

  record Answer(int status, JsonNode body) {}

  @BeforeEach
  void start() {
    server =
        ConveyorServer.start(
            ServerSettings.defaults(dir.resolve("data")).withPort(0),
            ManualClock.at("2026-11-22T10:00:00Z"));
    CalibrationHistory.recordExample(server.history());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Answer get(String pathAndQuery) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(server.url().resolve(pathAndQuery)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), json.readTree(response.body()));
  }

  /** Each row as {@code band deployments/rolledBack rate [lower, upper]}, to 4 decimals. */
  private static List<String> rows(JsonNode body) {
    List<String> rows = new ArrayList<>();
    for (JsonNode r : body.get("rows")) {
      JsonNode interval = r.get("interval");
      rows.add(
          r.get("band").asText()
              + " "
              + r.get("deployments").asLong()
              + "/"
              + r.get("rolledBack").asLong()
              + " "
              + (r.get("rate").isNull() ? "-" : r.get("rate").asText())
              + " "
              + (interval.isNull()
                  ? "-"
                  : String.format(
                      java.util.Locale.ROOT,
                      "[%.4f, %.4f]",
                      interval.get("lower").asDouble(),
                      interval.get("upper").asDouble())));
    }
    return rows;
  }

  @Test
  void calibration_defaults_allServicesStagingScoresDefaultBands() throws Exception {
    Answer answer = get("/api/risk/calibration");

    assertThat(answer.status()).isEqualTo(200);
    JsonNode body = answer.body();
    assertThat(body.get("service").isNull()).isTrue();
    assertThat(body.get("environment").asText()).isEqualTo("staging");
    assertThat(body.get("bands").asText()).isEqualTo("60,70,80,90");
    // Wilson 95%: 3 of 3 from 3/(3+z²) = 0.4385; 1 of 1 … 0 of 1 to z²/(1+z²) = 0.7935;
    // 0 of 2 to z²/(2+z²) = 0.6576.
    assertThat(rows(body))
        .containsExactly(
            "[0, 60) 3/3 1.0 [0.4385, 1.0000]",
            "[60, 70) 0/0 - -",
            "[70, 80) 1/0 0.0 [0.0000, 0.7935]",
            "[80, 90) 0/0 - -",
            "[90, 100] 2/0 0.0 [0.0000, 0.6576]");
    assertThat(body.get("rows").get(4).get("lower").asDouble()).isEqualTo(90);
    assertThat(body.get("rows").get(4).get("upper").asDouble()).isEqualTo(100);
    assertThat(body.get("unscored").toString()).isEqualTo("{\"deployments\":1,\"rolledBack\":0}");
    assertThat(body.get("inFlight").asLong()).isEqualTo(1);
    assertThat(body.get("seq").asLong()).isEqualTo(server.history().store().lastSeq());
    assertThat(body.get("reading").asText())
        .isEqualTo(
            "The rollback rate falls as the score rises, from 100% in [0, 60) to 0% in"
                + " [90, 100], but the 95% intervals of those bands overlap: too few"
                + " deployments yet to tell whether the staging scores predict failure.");
  }

  @Test
  void calibration_serviceEnvironmentAndBands_narrowIt() throws Exception {
    Answer checkout = get("/api/risk/calibration?service=checkout&bands=60,90");
    assertThat(checkout.status()).isEqualTo(200);
    assertThat(checkout.body().get("service").asText()).isEqualTo("checkout");
    assertThat(rows(checkout.body()))
        .containsExactly(
            "[0, 60) 2/2 1.0 [0.3424, 1.0000]",
            "[60, 90) 1/0 0.0 [0.0000, 0.7935]",
            "[90, 100] 2/0 0.0 [0.0000, 0.6576]");

    Answer dev = get("/api/risk/calibration?environment=dev&bands=85");
    assertThat(rows(dev.body()))
        .containsExactly("[0, 85) 0/0 - -", "[85, 100] 1/0 0.0 [0.0000, 0.7935]");
    assertThat(dev.body().get("unscored").toString())
        .isEqualTo("{\"deployments\":6,\"rolledBack\":3}");
  }

  @Test
  void calibration_badBands_is400NamingTheParameterValueAndFix() throws Exception {
    Answer answer = get("/api/risk/calibration?bands=80,70");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("error").asText()).isEqualTo("invalid_input");
    assertThat(answer.body().get("message").asText())
        .isEqualTo(
            "query parameter 'bands': bands '80,70': band cut points must ascend, but 70 follows"
                + " 80; give ascending cut points between 0 and 100, separated by commas, e.g."
                + " 60,70,80,90");
  }

  @Test
  void calibration_badServiceOrEnvironment_is400() throws Exception {
    Answer service = get("/api/risk/calibration?service=Check_Out");
    assertThat(service.status()).isEqualTo(400);
    assertThat(service.body().get("message").asText())
        .isEqualTo(
            "query parameter 'service': service name 'Check_Out' is not valid: use 1 to 63"
                + " lowercase letters, digits and '-', starting with a letter and not ending with"
                + " '-'");
    Answer environment = get("/api/risk/calibration?environment=prod!");
    assertThat(environment.body().get("message").asText())
        .startsWith("query parameter 'environment': environment name 'prod!' is not valid");
  }
}
