package dev.conveyor.server.router;

import static dev.conveyor.server.router.RouterHarness.active;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.metrics.RequestCounts;
import dev.conveyor.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the router measures, and how it shows it: MetricSource and Prometheus text. */
class RouterMetricsTests {
  private static final InstanceId A = InstanceId.of("checkout-a");

  private TestUpstream upstream;
  private RouterHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  /**
   * Answers by the path's first segment: found 302, missing 404, broken 500, busy 503, else 200.
   */
  private static TestUpstream statusByPath() throws Exception {
    return TestUpstream.start(
        exchange -> {
          String[] segments = exchange.getRequestURI().getPath().split("/");
          int status =
              switch (segments.length > 1 ? segments[1] : "") {
                case "found" -> 302;
                case "missing" -> 404;
                case "broken" -> 500;
                case "busy" -> 503;
                default -> 200;
              };
          TestUpstream.respond(exchange, status, "text/plain", "status " + status);
        });
  }

  @Nested
  class Counts {
    @Test
    void counts_byStatusClassAndRouteTemplate() throws Exception {
      upstream = statusByPath();
      harness = new RouterHarness(RouterHarness.settings(), List.of("/products/{sku}"));
      harness.route(active("checkout-a", upstream.endpoint(), 1));

      harness.get("/products/123");
      harness.get("/products/blue-shoe?color=blue");
      harness.get("/found/go");
      harness.get("/missing/items/9");
      harness.get("/broken/items/10");
      harness.get("/busy/items/11");

      RequestCounts all = harness.router.counts(A, RouterHarness.from(), RouterHarness.to());
      assertThat(all).isEqualTo(new RequestCounts(6, 2, 1, 1, 2, 0, 0));
      assertThat(all.errorRatio()).isEqualTo(2 / 6.0);
      assertThat(
              harness.router.counts(
                  A, "GET /products/{sku}", RouterHarness.from(), RouterHarness.to()))
          .isEqualTo(new RequestCounts(2, 2, 0, 0, 0, 0, 0));
      assertThat(
              harness.router.counts(
                  A, "GET /broken/items/{id}", RouterHarness.from(), RouterHarness.to()))
          .isEqualTo(new RequestCounts(1, 0, 0, 0, 1, 0, 0));
      assertThat(harness.router.counts(A, "GET /nowhere", RouterHarness.from(), RouterHarness.to()))
          .isEqualTo(RequestCounts.ZERO);
      assertThat(harness.router.routes(RouterHarness.CHECKOUT))
          .containsExactlyInAnyOrder(
              "GET /products/{sku}",
              "GET /found/go",
              "GET /missing/items/{id}",
              "GET /broken/items/{id}",
              "GET /busy/items/{id}");
    }

    @Test
    void counts_heuristicTemplate_collapsesIds() throws Exception {
      upstream = statusByPath();
      harness = new RouterHarness(RouterHarness.settings());
      harness.route(active("checkout-a", upstream.endpoint(), 1));

      harness.get("/products/123");
      harness.get("/products/456");

      assertThat(harness.router.routes(RouterHarness.CHECKOUT))
          .containsExactly("GET /products/{id}");
      assertThat(
              harness
                  .router
                  .counts(A, "GET /products/{id}", RouterHarness.from(), RouterHarness.to())
                  .ok2xx())
          .isEqualTo(2);
    }

    @Test
    void counts_windowOutsideTheTraffic_isZero() throws Exception {
      upstream = statusByPath();
      harness = new RouterHarness(RouterHarness.settings());
      harness.route(active("checkout-a", upstream.endpoint(), 1));
      harness.get("/");

      Instant past = Instant.now().minusSeconds(600);
      assertThat(harness.router.counts(A, past, past.plusSeconds(60)))
          .isEqualTo(RequestCounts.ZERO);
    }
  }

  @Nested
  class Latency {
    @Test
    void latencyQuantile_ofAnInstanceThatTakes200ms_isAbout200ms() throws Exception {
      upstream =
          TestUpstream.start(
              exchange -> {
                Thread.sleep(200); // the instance's known service time
                TestUpstream.respond(exchange, 200, "text/plain", "slow");
              });
      harness = new RouterHarness(RouterHarness.settings());
      harness.route(active("checkout-a", upstream.endpoint(), 1));

      for (int i = 0; i < 4; i++) {
        harness.get("/slow");
      }

      Duration median =
          harness
              .router
              .latencyQuantile(A, RouterHarness.from(), RouterHarness.to(), 0.5)
              .orElseThrow();
      assertThat(median).isBetween(Duration.ofMillis(198), Duration.ofMillis(1_500));
      assertThat(
              harness.router.slowerThan(
                  A, RouterHarness.from(), RouterHarness.to(), Duration.ofMillis(100)))
          .isEqualTo(4);
      assertThat(
              harness.router.slowerThan(
                  A, RouterHarness.from(), RouterHarness.to(), Duration.ofSeconds(5)))
          .isZero();
    }

    @Test
    void latencyQuantile_withoutRequests_isEmpty() {
      harness = new RouterHarness(RouterHarness.settings());

      assertThat(harness.router.latencyQuantile(A, RouterHarness.from(), RouterHarness.to(), 0.99))
          .isEmpty();
    }
  }

  @Nested
  class Retention {
    @Test
    void buckets_olderThanTheRetention_areForgotten() throws Exception {
      ManualClock clock = ManualClock.at("2026-03-01T10:00:00Z");
      Instant start = clock.instant();
      upstream = statusByPath();
      harness =
          new RouterHarness(RouterHarness.settings().withMetrics(Duration.ofMinutes(1), 64, clock));
      harness.route(active("checkout-a", upstream.endpoint(), 1));
      for (int i = 0; i < 3; i++) {
        harness.get("/");
      }
      assertThat(harness.router.counts(A, start, start.plusSeconds(1)).requests()).isEqualTo(3);

      clock.advance(Duration.ofSeconds(59));
      harness.get("/");
      assertThat(harness.router.counts(A, start, start.plusSeconds(60)).requests()).isEqualTo(4);

      clock.advance(Duration.ofSeconds(1));
      assertThat(harness.router.counts(A, start, start.plusSeconds(60)).requests()).isEqualTo(1);
      assertThat(harness.router.counts(A, start, start.plusSeconds(1)))
          .isEqualTo(RequestCounts.ZERO);
    }
  }

  @Nested
  class Prometheus {
    @Test
    void writePrometheus_parsesStrictlyAndCarriesTheCounts() throws Exception {
      upstream = statusByPath();
      harness = new RouterHarness(RouterHarness.settings());
      harness.route(
          active("checkout-a", upstream.endpoint(), 1),
          active("checkout-dead", RouterHarness.deadEndpoint(), 1));
      for (int i = 0; i < 4; i++) {
        harness.get("/products/" + i);
      }
      harness.get("/broken/x");
      harness.route();
      harness.get("/nothing");

      StringBuilder text = new StringBuilder();
      harness.router.writePrometheus(text);

      Map<String, PrometheusTextParser.Sample> samples =
          PrometheusTextParser.parse(text.toString());
      String a = "service=\"checkout\",environment=\"production\",instance=\"checkout-a\"";
      assertThat(
              samples
                  .get(
                      "conveyor_router_requests_total{"
                          + a
                          + ",route=\"GET /products/{id}\",code_class=\"2xx\"}")
                  .value())
          .isEqualTo(4);
      assertThat(
              samples
                  .get(
                      "conveyor_router_requests_total{"
                          + a
                          + ",route=\"GET /broken/x\",code_class=\"5xx\"}")
                  .value())
          .isEqualTo(1);
      assertThat(samples.get("conveyor_router_request_duration_seconds_count{" + a + "}").value())
          .isEqualTo(5);
      assertThat(
              samples
                  .get("conveyor_router_request_duration_seconds_bucket{" + a + ",le=\"+Inf\"}")
                  .value())
          .isEqualTo(5);
      assertThat(samples.get("conveyor_router_in_flight{" + a + "}").value()).isZero();
      assertThat(
              samples.keySet().stream()
                  .filter(k -> k.startsWith("conveyor_router_connect_failures_total{"))
                  .filter(k -> k.contains("checkout-dead"))
                  .mapToDouble(k -> samples.get(k).value())
                  .sum())
          .isPositive();
      assertThat(
              samples
                  .get(
                      "conveyor_router_unrouted_requests_total{service=\"checkout\",environment=\"production\",route=\"GET /nothing\",code_class=\"5xx\"}")
                  .value())
          .isEqualTo(1);
      assertThat(text.toString())
          .contains("# TYPE conveyor_router_requests_total counter\n")
          .contains("# TYPE conveyor_router_request_duration_seconds histogram\n")
          .contains("# TYPE conveyor_router_in_flight gauge\n")
          .contains("# TYPE conveyor_router_shadow_comparisons_total counter\n");
    }

    @Test
    void writePrometheus_beforeAnyTraffic_isValidText() {
      harness = new RouterHarness(RouterHarness.settings());

      StringBuilder text = new StringBuilder();
      harness.router.writePrometheus(text);

      assertThat(PrometheusTextParser.parse(text.toString())).isEmpty();
      assertThat(text.toString()).startsWith("# HELP conveyor_router_requests_total ");
    }
  }
}
