package dev.conveyor.server.router;

import static dev.conveyor.server.router.RouterHarness.active;
import static dev.conveyor.server.router.RouterHarness.shadow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.metrics.RequestCounts;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mirrored requests: the client sees only the primary; the shadow's answers are compared. */
class RouterShadowTests {
  private static final InstanceId S = InstanceId.of("checkout-s");

  private final List<AutoCloseable> closing = new ArrayList<>();

  private <T extends AutoCloseable> T closeLater(T resource) {
    closing.add(resource);
    return resource;
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : closing.reversed()) {
      resource.close();
    }
  }

  private static TestUpstream json(String body) throws Exception {
    return TestUpstream.start(
        exchange -> TestUpstream.respond(exchange, 200, "application/json", body));
  }

  private RouterHarness mirrored(TestUpstream primary, TestUpstream shadow) {
    RouterHarness harness = closeLater(new RouterHarness(RouterHarness.settings()));
    harness.route(
        List.of(active("checkout-a", primary.endpoint(), 1)),
        List.of(RouterHarness.shadow("checkout-s", shadow.endpoint())));
    return harness;
  }

  @Test
  void request_mirrored_clientOnlyEverSeesThePrimaryAnswer() throws Exception {
    TestUpstream primary = closeLater(json("{\"from\":\"primary\"}"));
    TestUpstream shadow = closeLater(json("{\"from\":\"shadow\"}"));
    RouterHarness harness = mirrored(primary, shadow);

    for (int i = 0; i < 20; i++) {
      HttpResponse<String> answer = harness.get("/items/" + i);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("{\"from\":\"primary\"}");
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> shadow.completed() == 20);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.router.shadowStats(RouterHarness.CHECKOUT, S).compared() == 20);
    ShadowStats stats = harness.router.shadowStats(RouterHarness.CHECKOUT, S);
    assertThat(stats.route("GET /items/{id}"))
        .isEqualTo(new ShadowStats.RouteComparison(20, 20, 0, 0));
    assertThat(stats.samples().getLast())
        .isEqualTo(
            new ShadowDifference("GET /items/{id}", "body $.from", "\"primary\"", "\"shadow\""));
    assertThat(primary.arrivals()).isEqualTo(20);
  }

  @Test
  void request_mirrored_sendsTheSameMethodPathAndBody() throws Exception {
    TestUpstream primary =
        closeLater(
            TestUpstream.start(
                exchange ->
                    TestUpstream.respond(
                        exchange,
                        200,
                        "text/plain",
                        exchange.getRequestMethod()
                            + " "
                            + exchange.getRequestURI()
                            + " "
                            + TestUpstream.body(exchange))));
    TestUpstream shadow =
        closeLater(
            TestUpstream.start(
                exchange ->
                    TestUpstream.respond(
                        exchange,
                        200,
                        "text/plain",
                        exchange.getRequestMethod()
                            + " "
                            + exchange.getRequestURI()
                            + " "
                            + TestUpstream.body(exchange))));
    RouterHarness harness = mirrored(primary, shadow);

    HttpResponse<String> answer =
        harness.client.send(
            harness
                .request("/orders?x=1")
                .POST(HttpRequest.BodyPublishers.ofString("two shoes"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.body()).isEqualTo("POST /orders?x=1 two shoes");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.router.shadowStats(RouterHarness.CHECKOUT, S).compared() == 1);
    assertThat(harness.router.shadowStats(RouterHarness.CHECKOUT, S).differing()).isZero();
  }

  @Test
  void comparison_json_ignoresConfiguredFieldsAndKeyOrder_andCountsPerRoute() throws Exception {
    TestUpstream primary =
        closeLater(
            TestUpstream.start(
                exchange ->
                    TestUpstream.respond(
                        exchange,
                        200,
                        "application/json",
                        "{\"id\":7,\"price\":10,\"timestamp\":\"2026-01-01T00:00:00Z\",\"requestId\":\"p\"}")));
    TestUpstream shadow =
        closeLater(
            TestUpstream.start(
                exchange -> {
                  String price =
                      exchange.getRequestURI().getPath().startsWith("/prices") ? "12" : "10";
                  TestUpstream.respond(
                      exchange,
                      200,
                      "application/json",
                      "{\"requestId\":\"s\",\"price\":"
                          + price
                          + ",\"timestamp\":\"2026-06-01T00:00:00Z\",\"id\":7}");
                }));
    RouterHarness harness = mirrored(primary, shadow);

    for (int i = 0; i < 3; i++) {
      harness.get("/products/" + i);
      harness.get("/prices/" + i);
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.router.shadowStats(RouterHarness.CHECKOUT, S).compared() == 6);
    ShadowStats stats = harness.router.shadowStats(RouterHarness.CHECKOUT, S);
    assertThat(stats.route("GET /products/{id}"))
        .isEqualTo(new ShadowStats.RouteComparison(3, 0, 0, 0));
    assertThat(stats.route("GET /prices/{id}"))
        .isEqualTo(new ShadowStats.RouteComparison(3, 3, 0, 0));
    assertThat(stats.samples())
        .allSatisfy(
            d ->
                assertThat(d)
                    .isEqualTo(
                        new ShadowDifference("GET /prices/{id}", "body $.price", "10", "12")));
  }

  @Test
  void request_withSlowShadow_isAnsweredWhileTheShadowStillWorks() throws Exception {
    CountDownLatch shadowMayAnswer = new CountDownLatch(1);
    TestUpstream primary = closeLater(json("{}"));
    TestUpstream shadow =
        closeLater(
            TestUpstream.start(
                exchange -> {
                  shadowMayAnswer.await(5, TimeUnit.SECONDS); // a shadow that takes 5 s
                  TestUpstream.respond(exchange, 200, "application/json", "{}");
                }));
    closing.add(shadowMayAnswer::countDown);
    RouterHarness harness = mirrored(primary, shadow);

    for (int i = 0; i < 3; i++) {
      assertThat(harness.get("/items/" + i).body()).isEqualTo("{}");
    }

    // All three answers are in while the shadow holds all three copies.
    await().atMost(Duration.ofSeconds(5)).until(() -> shadow.arrivals() == 3);
    assertThat(shadow.completed()).isZero();
    assertThat(harness.router.inFlight(S)).isEqualTo(3);
    shadowMayAnswer.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.router.shadowStats(RouterHarness.CHECKOUT, S).compared() == 3);
  }

  @Test
  void request_withFailingShadow_isAnsweredAndTheFailureCounted() throws Exception {
    TestUpstream primary = closeLater(json("{}"));
    RawUpstream resetting = closeLater(new RawUpstream(RawUpstream.Behaviour.CLOSE_AFTER_REQUEST));
    RouterHarness harness = closeLater(new RouterHarness(RouterHarness.settings()));
    harness.route(
        List.of(active("checkout-a", primary.endpoint(), 1)),
        List.of(
            shadow("checkout-s", resetting.endpoint()),
            shadow("checkout-t", RouterHarness.deadEndpoint())));

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> answer = harness.get("/items/" + i);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("{}");
    }

    InstanceId t = InstanceId.of("checkout-t");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness
                            .router
                            .shadowStats(RouterHarness.CHECKOUT, S)
                            .route("GET /items/{id}")
                            .failed()
                        == 5
                    && harness
                            .router
                            .shadowStats(RouterHarness.CHECKOUT, t)
                            .route("GET /items/{id}")
                            .failed()
                        == 5);
    RequestCounts shadowCounts = harness.router.counts(S, RouterHarness.from(), RouterHarness.to());
    assertThat(shadowCounts.server5xx()).isEqualTo(5);
    assertThat(harness.router.counts(t, RouterHarness.from(), RouterHarness.to()).connectFailures())
        .isEqualTo(5);
  }

  @Test
  void request_whoseShadowNeverAnswers_isAnswered_andTheShadowTimesOut() throws Exception {
    TestUpstream primary = closeLater(json("{}"));
    RawUpstream silent = closeLater(new RawUpstream(RawUpstream.Behaviour.SILENT));
    RouterHarness harness =
        closeLater(
            new RouterHarness(
                RouterHarness.settings()
                    .withShadow(
                        RouterSettings.DEFAULT_SHADOW_BODY_CAP,
                        Duration.ofMillis(300),
                        Set.of("content-type"),
                        Set.of())));
    harness.route(
        List.of(active("checkout-a", primary.endpoint(), 1)),
        List.of(shadow("checkout-s", silent.endpoint())));

    HttpResponse<String> answer = harness.get("/items/1");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness
                        .router
                        .shadowStats(RouterHarness.CHECKOUT, S)
                        .route("GET /items/{id}")
                        .failed()
                    == 1);
    RequestCounts shadowCounts = harness.router.counts(S, RouterHarness.from(), RouterHarness.to());
    assertThat(shadowCounts.timeouts()).isEqualTo(1);
    assertThat(harness.router.inFlight(S)).isZero();
    assertThat(silent.arrivals()).isEqualTo(1);
  }

  @Test
  void shadowCopy_onAConnectionAPrimaryRequestUsedBefore_timesOutAtTheShadowTimeout()
      throws Exception {
    // One event loop and a 30 s response timeout: the instance's first request, as the active
    // instance, leaves a pooled connection whose watchdog is due in 30 s. Made a shadow, it gets
    // the next copy on that same connection and never answers: the 300 ms shadow timeout must
    // bring the watchdog forward.
    TestUpstream primary = closeLater(json("{}"));
    RawUpstream once = closeLater(new RawUpstream(RawUpstream.Behaviour.ANSWER_FIRST_THEN_SILENT));
    RouterHarness harness =
        closeLater(
            new RouterHarness(
                RouterHarness.settings()
                    .withEventLoopThreads(1)
                    .withResponseTimeout(Duration.ofSeconds(30))
                    .withShadow(
                        RouterSettings.DEFAULT_SHADOW_BODY_CAP,
                        Duration.ofMillis(300),
                        Set.of("content-type"),
                        Set.of())));
    harness.route(active("checkout-s", once.endpoint(), 1));
    assertThat(harness.get("/items/1").body()).isEqualTo("ok");
    harness.route(
        List.of(active("checkout-a", primary.endpoint(), 1)),
        List.of(shadow("checkout-s", once.endpoint())));
    long started = System.nanoTime();

    HttpResponse<String> answer = harness.get("/items/2");

    assertThat(answer.statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness
                        .router
                        .shadowStats(RouterHarness.CHECKOUT, S)
                        .route("GET /items/{id}")
                        .failed()
                    == 1);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(tookMillis).isBetween(250L, 5_000L);
    assertThat(once.arrivals()).isEqualTo(2);
    assertThat(once.connections()).isEqualTo(1); // the copy reused the primary's connection
    RequestCounts counts = harness.router.counts(S, RouterHarness.from(), RouterHarness.to());
    assertThat(counts.ok2xx()).isEqualTo(1);
    assertThat(counts.timeouts()).isEqualTo(1);
    assertThat(harness.router.inFlight(S)).isZero();
  }

  @Test
  void request_overTheShadowBodyCap_isNotMirrored() throws Exception {
    TestUpstream primary = closeLater(json("{}"));
    TestUpstream shadow = closeLater(json("{}"));
    RouterHarness harness =
        closeLater(
            new RouterHarness(
                RouterHarness.settings()
                    .withShadow(16, Duration.ofSeconds(5), Set.of(), Set.of())));
    harness.route(
        List.of(active("checkout-a", primary.endpoint(), 1)),
        List.of(shadow("checkout-s", shadow.endpoint())));

    HttpResponse<String> answer =
        harness.client.send(
            harness
                .request("/upload")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(17)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(harness.router.shadowStats(RouterHarness.CHECKOUT, S).route("POST /upload"))
        .isEqualTo(new ShadowStats.RouteComparison(0, 0, 0, 1));
    assertThat(shadow.arrivals()).isZero();
  }
}
