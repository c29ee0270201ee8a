package dev.conveyor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.core.budget.SloConfig;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.DataDirectory;
import dev.conveyor.server.ServerSettings;
import dev.conveyor.server.budget.MinuteRow;
import dev.conveyor.server.budget.MinuteStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/budgets} and its burn-down series, served for real on a loopback port, over
 * minutes an earlier server recorded: 11:00 to 11:59, 100 requests each, 10 failing at 11:30 and 5
 * at 11:50; the clock stands at 12:00:30 and the window is an hour at 99%.
 */
class BudgetApiTests {
  private static final SloConfig SLOS =
      SloConfig.parse(
          """
          services:
            shop:
              window: 1h
              objectives:
                - {name: availability, kind: availability, target: 99%}
          """,
          "slos.yaml");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private ConveyorServer server;

  record Answer(int status, JsonNode body) {}

  @BeforeEach
  void start() {
    Instant eleven = Instant.parse("2026-11-22T11:00:00Z");
    List<MinuteRow> rows = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      long errors = m == 30 ? 10 : m == 50 ? 5 : 0;
      rows.add(
          new MinuteRow(
              eleven.plus(Duration.ofMinutes(m)),
              "shop",
              "production",
              "sha256:v1",
              "",
              100,
              errors,
              100 - errors,
              Map.of()));
    }
    try (DataDirectory data = DataDirectory.open(dir.resolve("data"));
        MinuteStore store = MinuteStore.open(data.metricsFile())) {
      store.append(rows);
    }
    server =
        ConveyorServer.start(
            ServerSettings.defaults(dir.resolve("data")).withPort(0).withSlos(SLOS),
            ManualClock.at("2026-11-22T12:00:30Z"));
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

  @Test
  void theBudget_countsTheMinutesOfTheWindow_andNamesWhoSpentIt() throws Exception {
    Answer a = get("/api/budgets?service=shop");
    assertThat(a.status()).isEqualTo(200);
    JsonNode b = a.body().get("budgets").get(0);
    // [11:00:30, 12:00:30): 11:00 starts before the window, so 11:01–11:59 count, 59 minutes.
    assertThat(b.get("from").asText()).isEqualTo("2026-11-22T11:00:30Z");
    assertThat(b.get("events").asLong()).isEqualTo(5_900);
    assertThat(b.get("bad").asLong()).isEqualTo(15);
    assertThat(b.get("allowed").asDouble()).isEqualTo(59.0);
    assertThat(b.get("remaining").asDouble()).isEqualTo(44.0);
    assertThat(b.get("state").asText()).isEqualTo("ok");
    // No recorded deployment brought sha256:v1: its spending is the artifact's alone.
    assertThat(b.get("attribution").toString())
        .isEqualTo("[{\"deployment\":\"\",\"artifact\":\"sha256:v1\",\"bad\":15}]");
  }

  @Test
  void theBurnDown_givesTheBudgetAtEvenlySpacedMoments_eachOverItsOwnWindow() throws Exception {
    Answer a = get("/api/budgets/shop/availability/burndown?span=30m&points=4");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().get("span").asText()).isEqualTo("30m");
    List<String> points = new ArrayList<>();
    for (JsonNode p : a.body().get("points")) {
      points.add(
          p.get("at").asText()
              + " "
              + p.get("events").asLong()
              + "/"
              + p.get("bad").asLong()
              + " "
              + p.get("remaining").asDouble());
    }
    // At 11:30:30 the window holds 11:00–11:30 (31 minutes, 10 bad, 31 allowed); at 11:40:30
    // 11:00–11:40; at 11:50:30 11:00–11:50 (the 5 of 11:50 too); at 12:00:30 11:01–11:59.
    assertThat(points)
        .containsExactly(
            "2026-11-22T11:30:30Z 3100/10 21.0",
            "2026-11-22T11:40:30Z 4100/10 31.0",
            "2026-11-22T11:50:30Z 5100/15 36.0",
            "2026-11-22T12:00:30Z 5900/15 44.0");
  }

  @Test
  void aBurnDownOfWhatDoesNotExist_orOutOfRange_isRefusedWithTheFix() throws Exception {
    assertThat(get("/api/budgets/cart/availability/burndown"))
        .isEqualTo(
            new Answer(
                404,
                json.readTree(
                    "{\"error\":\"not_found\",\"message\":\"service cart has no objectives; the"
                        + " objectives file names shop\"}")));
    assertThat(get("/api/budgets/shop/latency/burndown").body().get("message").asText())
        .isEqualTo("service shop has no objective 'latency'; it has availability");
    Answer tooLong = get("/api/budgets/shop/availability/burndown?span=8d");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body().get("message").asText())
        .isEqualTo(
            "a burn-down spans 1m to 7d (minutes are kept for the window plus 7 days), got 8d");
    assertThat(
            get("/api/budgets/shop/availability/burndown?points=1001")
                .body()
                .get("message")
                .asText())
        .isEqualTo("query parameter 'points' must be a whole number from 1 to 1000, got '1001'");
    assertThat(
            get("/api/budgets/shop/availability/burndown?span=soon").body().get("message").asText())
        .isEqualTo("query parameter 'span' must be a duration such as 6h or 1d12h, got 'soon'");
  }
}
