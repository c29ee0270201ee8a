package dev.conveyor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.replay.RecordedRequest;
import dev.conveyor.core.replay.ReplaySet;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.core.traffic.RoutingTable;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture API, served for real, with the server's own router forwarding to a real upstream. */
class CaptureApiTests {
  private static final FleetKey SHOP = FleetKey.of("shop", "production");
  private static final String CAPTURE = "/api/fleets/shop/production/capture";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private ConveyorServer server;
  private HttpServer upstream;

  record Answer(int status, JsonNode body) {}

  @BeforeEach
  void start() throws IOException {
    server =
        ConveyorServer.start(
            ServerSettings.defaults(dir.resolve("data")).withPort(0),
            ManualClock.at("2026-11-22T10:00:00Z"));
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    upstream.createContext(
        "/",
        exchange -> {
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    upstream.start();
  }

  @AfterEach
  void stop() {
    upstream.stop(0);
    server.close();
  }

  private Answer send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(server.url().resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(), response.body().isEmpty() ? null : json.readTree(response.body()));
  }

  private int exposeShop() {
    int port = server.router().open(SHOP, 0);
    Endpoint endpoint = Endpoint.of("127.0.0.1", upstream.getAddress().getPort());
    server
        .router()
        .update(
            SHOP,
            new RoutingTable(
                List.of(new RoutingTable.Target(InstanceId.of("i-1"), endpoint, 10_000)),
                List.of()));
    return port;
  }

  @Test
  void capture_startReadStop_roundTripsAReplaySet() throws Exception {
    int port = exposeShop();

    Answer started = send("POST", CAPTURE, "{\"sample\": 1, \"limit\": 200}");
    assertThat(started.status()).isEqualTo(201);
    assertThat(started.body().get("captured").asInt()).isZero();
    http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/checkout"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"product\":1}"))
            .build(),
        HttpResponse.BodyHandlers.discarding());

    Answer read = send("GET", CAPTURE, null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().get("seen").asLong()).isEqualTo(1);
    assertThat(read.body().get("full").asBoolean()).isFalse();
    assertThat(ReplaySet.parse(read.body().get("jsonl").asText(), "capture").requests())
        .containsExactly(RecordedRequest.json("POST", "/checkout", "{\"product\":1}"));

    HttpResponse<String> lines =
        http.send(
            HttpRequest.newBuilder(server.url().resolve(CAPTURE))
                .header("Accept", "application/x-ndjson")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(lines.headers().firstValue("Content-Type"))
        .hasValue("application/x-ndjson;charset=utf-8");
    assertThat(lines.body())
        .isEqualTo(
            "{\"body\":\"{\\\"product\\\":1}\",\"headers\":{\"content-type\":\"application/json\"},"
                + "\"method\":\"POST\",\"target\":\"/checkout\"}\n");

    assertThat(send("POST", CAPTURE, "{\"sample\": 1, \"limit\": 200}").status()).isEqualTo(409);
    assertThat(send("DELETE", CAPTURE, null).status()).isEqualTo(204);
    Answer gone = send("GET", CAPTURE, null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body().get("message").asText())
        .isEqualTo(
            "fleet shop/production has no request capture: start one with POST"
                + " /api/fleets/shop/production/capture and {\"sample\": 0.1, \"limit\": 200}");
  }

  @Test
  void capture_badBody_answers400WithTheRule() throws Exception {
    exposeShop();

    Answer sample = send("POST", CAPTURE, "{\"sample\": 0, \"limit\": 200}");
    Answer limit = send("POST", CAPTURE, "{\"sample\": 0.1, \"limit\": 0}");
    Answer missing = send("POST", CAPTURE, "{\"limit\": 10}");

    assertThat(sample.status()).isEqualTo(400);
    assertThat(sample.body().get("message").asText())
        .isEqualTo(
            "capture sample must be above 0 and at most 1, such as 0.1 for 10% of requests,"
                + " got 0.0");
    assertThat(limit.body().get("message").asText())
        .isEqualTo("capture limit must be 1 to 10000 requests, got 0");
    assertThat(missing.body().get("message").asText())
        .isEqualTo("field 'sample' (the share of requests to keep, such as 0.1) is required");
  }

  @Test
  void capture_fleetWithoutPort_answers404() throws Exception {
    Answer answer =
        send("POST", "/api/fleets/cart/staging/capture", "{\"sample\": 0.1, \"limit\": 5}");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body().get("message").asText())
        .isEqualTo(
            "fleet cart/staging has no port on the router, so it receives no requests to"
                + " capture: expose it first");
  }
}
