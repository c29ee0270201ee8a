package dev.conveyor.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The shop, started in this JVM on a free loopback port, called over real HTTP. */
class ShopServerTests {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<ShopServer> servers = new ArrayList<>();

  @AfterEach
  void stopAll() {
    servers.forEach(ShopServer::stop);
    client.close();
  }

  private ShopServer start(ShopConfig config) {
    ShopServer server = ShopServer.start(config, 0);
    servers.add(server);
    return server;
  }

  private static ShopConfig packaged(String version) {
    return ShopConfig.load(Path.of("src/artifacts", version, "shop.properties"));
  }

  private HttpResponse<String> get(ShopServer server, String path) {
    return send(HttpRequest.newBuilder(server.url().resolve(path)).GET().build());
  }

  private HttpResponse<String> checkout(ShopServer server, String body) {
    return send(
        HttpRequest.newBuilder(server.url().resolve("/checkout"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(request + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Nested
  class Products {
    @Test
    void list_returnsTheCatalogueAndVersion() {
      HttpResponse<String> response = get(start(ShopConfig.instant("v1")), "/products");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.headers().firstValue(ShopServer.VERSION_HEADER)).hasValue("v1");
      assertThat(response.body())
          .startsWith(
              "{\"version\":\"v1\",\"products\":[{\"id\":1,\"name\":\"espresso beans, 1 kg\","
                  + "\"priceCents\":2490},");
      assertThat(Json.parse(response.body()))
          .asInstanceOf(MAP)
          .extractingByKey("products")
          .asInstanceOf(LIST)
          .hasSize(5);
    }

    @Test
    void detail_knownId_returnsTheProduct() {
      HttpResponse<String> response = get(start(ShopConfig.instant("v3")), "/products/3");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue(ShopServer.VERSION_HEADER)).hasValue("v3");
      assertThat(response.body())
          .isEqualTo(
              "{\"version\":\"v3\",\"id\":3,\"name\":\"pour-over kettle\",\"priceCents\":4450}");
    }

    @Test
    void detail_unknownId_returns404Json() {
      ShopServer shop = start(ShopConfig.instant("v1"));

      HttpResponse<String> unknown = get(shop, "/products/99");
      HttpResponse<String> notANumber = get(shop, "/products/espresso");

      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body())
          .isEqualTo("{\"version\":\"v1\",\"error\":\"no product 99: GET /products lists them\"}");
      assertThat(notANumber.statusCode()).isEqualTo(404);
    }

    @Test
    void unknownPath_returns404NamingThePaths() {
      HttpResponse<String> response = get(start(ShopConfig.instant("v1")), "/cart");

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body())
          .isEqualTo(
              "{\"version\":\"v1\",\"error\":\"no such path: /cart (the shop serves /products,"
                  + " /checkout, /ready, /health)\"}");
    }

    @Test
    void post_returns405WithAllow() {
      ShopServer shop = start(ShopConfig.instant("v1"));
      HttpResponse<String> response =
          send(
              HttpRequest.newBuilder(shop.url().resolve("/products"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());

      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET");
      assertThat(response.body())
          .isEqualTo(
              "{\"version\":\"v1\",\"error\":\"POST is not allowed on /products: use GET\"}");
    }
  }

  @Nested
  class Checkout {
    @Test
    void validOrder_returns201WithAnOrderId() {
      HttpResponse<String> response =
          checkout(start(ShopConfig.instant("v1")), "{\"product\": 2, \"quantity\": 3}");

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.headers().firstValue(ShopServer.VERSION_HEADER)).hasValue("v1");
      assertThat(response.body())
          .isEqualTo(
              "{\"version\":\"v1\",\"orderId\":\"ord-v1-000001\",\"product\":2,\"quantity\":3,"
                  + "\"totalCents\":26700}");
    }

    @Test
    void malformedInput_returns400SayingWhatIsWrong() {
      ShopServer shop = start(ShopConfig.instant("v1"));
      String usage = ": send {\\\"product\\\": ID, \\\"quantity\\\": N}";

      assertThat(checkout(shop, "{\"product\": 1,").body())
          .isEqualTo(
              "{\"version\":\"v1\",\"error\":\"request body is not JSON (expected a quoted key"
                  + " at character 15)"
                  + usage
                  + "\"}");
      assertThat(checkout(shop, "[1, 2]").body())
          .isEqualTo(
              "{\"version\":\"v1\",\"error\":\"request body must be a JSON object" + usage + "\"}");
      assertThat(checkout(shop, "{\"product\": \"beans\", \"quantity\": 1}").body())
          .isEqualTo(
              "{\"version\":\"v1\",\"error\":\"'product' must be a product id, got"
                  + " \\\"beans\\\""
                  + usage
                  + "\"}");
      assertThat(checkout(shop, "{\"product\": 1, \"quantity\": 0}").body())
          .isEqualTo(
              "{\"version\":\"v1\",\"error\":\"'quantity' must be a whole number from 1 to 100,"
                  + " got 0\"}");
      assertThat(checkout(shop, "{\"product\": 1, \"quantity\": 1, \"coupon\": \"x\"}").body())
          .isEqualTo("{\"version\":\"v1\",\"error\":\"unknown field 'coupon'" + usage + "\"}");
      assertThat(checkout(shop, "{\"product\": 99, \"quantity\": 1}").body())
          .isEqualTo("{\"version\":\"v1\",\"error\":\"no product 99: GET /products lists them\"}");
      assertThat(checkout(shop, "").statusCode()).isEqualTo(400);
    }

    @Test
    void malformedInput_isNeverAnOrder() {
      ShopServer shop = start(ShopConfig.instant("v1"));
      checkout(shop, "nonsense");

      assertThat(checkout(shop, "{\"product\": 1, \"quantity\": 1}").body())
          .contains("\"orderId\":\"ord-v1-000001\"");
    }

    @Test
    void get_returns405WithAllow() {
      HttpResponse<String> response = get(start(ShopConfig.instant("v1")), "/checkout");

      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }
  }

  @Nested
  class Failures {
    /** Checkouts sent by 16 callers at once, so the test takes well under a second per version. */
    private List<Integer> checkoutStatuses(ShopServer shop, int count) throws Exception {
      try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<List<Integer>>> parts = new ArrayList<>();
        int callersCount = 16;
        for (int c = 0; c < callersCount; c++) {
          int share = count / callersCount + (c < count % callersCount ? 1 : 0);
          parts.add(
              callers.submit(
                  () -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < share; i++) {
                      statuses.add(
                          checkout(shop, "{\"product\": 1, \"quantity\": 1}").statusCode());
                    }
                    return statuses;
                  }));
        }
        List<Integer> all = new ArrayList<>();
        for (Future<List<Integer>> part : parts) {
          all.addAll(part.get(2, TimeUnit.MINUTES));
        }
        return all;
      }
    }

    @Test
    void packagedV2_failsAboutFivePercentOfCheckouts() throws Exception {
      int n = 2_000;
      List<Integer> statuses = checkoutStatuses(start(packaged("v2")), n);

      long failed = statuses.stream().filter(s -> s == 500).count();
      assertThat(statuses).containsOnly(201, 500).hasSize(n);
      // Binomial(n = 2000, p = 0.05): mean 100, sigma = sqrt(n p (1 - p)) = 9.75; 4 sigma either
      // side is 61..139, which a fair 5% leaves once in about 16,000 runs.
      assertThat(failed).isBetween(61L, 139L);
    }

    @Test
    void packagedV1_neverFailsACheckout() throws Exception {
      assertThat(checkoutStatuses(start(packaged("v1")), 2_000)).containsOnly(201);
    }

    @Test
    void failedCheckout_isA500WithAJsonReason() {
      ShopServer shop = start(ShopConfig.instant("v2").withCheckoutFailureRate(1));

      HttpResponse<String> response = checkout(shop, "{\"product\": 1, \"quantity\": 1}");

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.headers().firstValue(ShopServer.VERSION_HEADER)).hasValue("v2");
      assertThat(response.body())
          .isEqualTo(
              "{\"version\":\"v2\",\"error\":\"checkout failed: injected by"
                  + " checkout.failure.rate=1.0 (this version fails that share of checkouts on"
                  + " purpose)\"}");
    }

    @Test
    void sameSeed_failsTheSameCheckouts_otherSeedOthers() {
      ShopConfig config = ShopConfig.instant("v2").withCheckoutFailureRate(0.3).withSeed(7);

      List<Integer> first = sequentialCheckouts(start(config), 100);
      List<Integer> again = sequentialCheckouts(start(config), 100);
      List<Integer> otherSeed = sequentialCheckouts(start(config.withSeed(8)), 100);

      assertThat(first).contains(500).contains(201);
      assertThat(again).isEqualTo(first);
      assertThat(otherSeed).isNotEqualTo(first);
    }

    private List<Integer> sequentialCheckouts(ShopServer shop, int count) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        statuses.add(checkout(shop, "{\"product\": 1, \"quantity\": 1}").statusCode());
      }
      return statuses;
    }
  }

  @Nested
  class Probes {
    @Test
    void ready_afterStart_returns200() {
      HttpResponse<String> response = get(start(ShopConfig.instant("v4")), "/ready");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue(ShopServer.VERSION_HEADER)).hasValue("v4");
      assertThat(response.body()).isEqualTo("{\"version\":\"v4\",\"status\":\"ready\"}");
    }

    @Test
    void health_countsRequests() {
      ShopServer shop = start(ShopConfig.instant("v1"));
      get(shop, "/products");
      checkout(shop, "{\"product\": 1, \"quantity\": 1}");

      assertThat(get(shop, "/health").body())
          .isEqualTo(
              "{\"version\":\"v1\",\"status\":\"ok\",\"inFlight\":0,\"requests\":2,"
                  + "\"checkouts\":1}");
    }

    @Test
    void probes_neverWaitForTheVersionsLatency() {
      // Two seconds per business request; the probes answer while one of those is in flight.
      ShopServer shop = start(ShopConfig.instant("v4").withLatency(2_000, 0, 0, 0));
      CompletableFuture<HttpResponse<String>> slow =
          client.sendAsync(
              HttpRequest.newBuilder(shop.url().resolve("/products")).build(),
              HttpResponse.BodyHandlers.ofString());

      // /health saw the request in flight, so it answered before that request did.
      awaitInFlight(shop, 1);
      assertThat(slow.join().statusCode()).isEqualTo(200);
    }
  }

  @Nested
  class Shutdown {
    @Test
    void stop_finishesRequestsInFlight_answers503ToReady_thenRefusesConnections() throws Exception {
      ShopServer shop = start(ShopConfig.instant("v1").withLatency(1_500, 0, 0, 0));
      assertThat(get(shop, "/ready").statusCode()).isEqualTo(200); // leaves a kept-alive connection
      CompletableFuture<HttpResponse<String>> slow =
          client.sendAsync(
              HttpRequest.newBuilder(shop.url().resolve("/products/1")).build(),
              HttpResponse.BodyHandlers.ofString());
      awaitInFlight(shop, 1);

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(shop::stop);
      HttpResponse<String> ready = awaitReadyStatus(shop, 503);

      assertThat(ready.body()).isEqualTo("{\"version\":\"v1\",\"status\":\"draining\"}");
      assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      stopping.get(10, TimeUnit.SECONDS);
      HttpClient fresh = HttpClient.newHttpClient();
      assertThatThrownBy(
              () ->
                  fresh.send(
                      HttpRequest.newBuilder(shop.url().resolve("/ready")).build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(ConnectException.class);
      fresh.close();
    }

    @Test
    void stop_twice_isANoOp() {
      ShopServer shop = start(ShopConfig.instant("v1"));
      shop.stop();
      shop.stop();
    }

    private HttpResponse<String> awaitReadyStatus(ShopServer shop, int status) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        HttpResponse<String> ready = get(shop, "/ready");
        if (ready.statusCode() == status || System.nanoTime() > deadline) {
          assertThat(ready.statusCode()).isEqualTo(status);
          return ready;
        }
        Thread.onSpinWait();
      }
    }
  }

  /** Polls /health until this many requests are in flight, for up to 10 seconds. */
  private void awaitInFlight(ShopServer shop, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String health = "";
    while (System.nanoTime() < deadline) {
      health = get(shop, "/health").body();
      if (health.contains("\"inFlight\":" + count + ",")) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("never " + count + " requests in flight; last /health: " + health);
  }

  @Test
  void start_portInUse_failsNamingThePort() {
    ShopServer first = start(ShopConfig.instant("v1"));
    assertThatThrownBy(() -> ShopServer.start(ShopConfig.instant("v1"), first.port()))
        .hasMessageStartingWith("cannot listen on 127.0.0.1:" + first.port() + " (");
  }

  @Test
  void url_isLoopback() {
    assertThat(start(ShopConfig.instant("v1")).url())
        .hasScheme("http")
        .hasHost("127.0.0.1")
        .isNotEqualTo(URI.create("http://127.0.0.1:0"));
  }
}
