package dev.conveyor.server.router;

import static dev.conveyor.server.router.RouterHarness.active;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.metrics.RequestCounts;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Which instance gets each request: weights, standby, connect-failure retry, drains. */
class RouterRoutingTests {
  private static final InstanceId A = InstanceId.of("checkout-a");
  private static final InstanceId B = InstanceId.of("checkout-b");
  private static final InstanceId DEAD = InstanceId.of("checkout-dead");

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

  private Map<String, Integer> countBodies(RouterHarness harness, int requests) throws Exception {
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    Map<String, Integer> byBody = new HashMap<>();
    for (int i = 0; i < requests; i++) {
      answers.add(
          harness.client.sendAsync(
              harness.request("/items/" + i).build(), HttpResponse.BodyHandlers.ofString()));
      if (answers.size() == 16) { // 16 in flight at a time
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
          byBody.merge(answer.get(15, TimeUnit.SECONDS).body(), 1, Integer::sum);
        }
        answers.clear();
      }
    }
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      byBody.merge(answer.get(15, TimeUnit.SECONDS).body(), 1, Integer::sum);
    }
    return byBody;
  }

  @Nested
  class Weights {
    @Test
    void update_nineToOne_splitsTrafficWithinFourSigma() throws Exception {
      TestUpstream a = closeLater(TestUpstream.answering("a"));
      TestUpstream b = closeLater(TestUpstream.answering("b"));
      TestUpstream standby = closeLater(TestUpstream.answering("standby"));
      RouterHarness harness = closeLater(new RouterHarness(RouterHarness.settings()));
      harness.route(
          active("checkout-a", a.endpoint(), 9_000), active("checkout-b", b.endpoint(), 1_000));

      Map<String, Integer> byBody = countBodies(harness, 2_000);

      // Binomial(n=2000, p=0.9): mean 1800, sigma = sqrt(2000 * 0.9 * 0.1) = 13.4; 4 sigma = 54.
      assertThat(byBody.get("a")).isBetween(1_800 - 54, 1_800 + 54);
      assertThat(byBody.get("a") + byBody.get("b")).isEqualTo(2_000);
      assertThat(standby.arrivals()).isZero();
    }

    @Test
    void update_zeroWeightActive_getsNothing() throws Exception {
      TestUpstream a = closeLater(TestUpstream.answering("a"));
      TestUpstream b = closeLater(TestUpstream.answering("b"));
      RouterHarness harness = closeLater(new RouterHarness(RouterHarness.settings()));
      harness.route(active("checkout-a", a.endpoint(), 100), active("checkout-b", b.endpoint(), 0));

      Map<String, Integer> byBody = countBodies(harness, 50);

      assertThat(byBody).containsExactly(Map.entry("a", 50));
      assertThat(b.arrivals()).isZero();
    }

    @Test
    void update_newTable_appliesToTheNextRequest() throws Exception {
      TestUpstream a = closeLater(TestUpstream.answering("a"));
      TestUpstream b = closeLater(TestUpstream.answering("b"));
      RouterHarness harness = closeLater(new RouterHarness(RouterHarness.settings()));
      harness.route(active("checkout-a", a.endpoint(), 1));
      assertThat(harness.get("/").body()).isEqualTo("a");

      harness.route(active("checkout-b", b.endpoint(), 1));

      assertThat(harness.get("/").body()).isEqualTo("b");
    }
  }

  @Nested
  class ConnectFailures {
    @Test
    void request_toRefusingInstance_retriesAnotherAndCountsTheFailure() throws Exception {
      TestUpstream b = closeLater(TestUpstream.answering("b"));
      Endpoint dead = RouterHarness.deadEndpoint();
      RouterHarness harness = closeLater(new RouterHarness(RouterHarness.settings()));
      harness.route(
          active("checkout-dead", dead, 5_000), active("checkout-b", b.endpoint(), 5_000));

      Map<String, Integer> byBody = countBodies(harness, 40);

      assertThat(byBody).containsExactly(Map.entry("b", 40));
      assertThat(b.arrivals()).isEqualTo(40);
      RequestCounts deadCounts =
          harness.router.counts(DEAD, RouterHarness.from(), RouterHarness.to());
      assertThat(deadCounts.connectFailures()).isBetween(10L, 30L);
      assertThat(deadCounts.requests()).isZero();
      assertThat(harness.router.counts(B, RouterHarness.from(), RouterHarness.to()).ok2xx())
          .isEqualTo(40);
    }

    @Test
    void request_whenNoInstanceAcceptsConnections_answers502NamingEachTry() throws Exception {
      Endpoint dead = RouterHarness.deadEndpoint();
      RouterHarness harness = closeLater(new RouterHarness(RouterHarness.settings()));
      harness.route(active("checkout-dead", dead, 1));

      HttpResponse<String> answer = harness.get("/pay");

      assertThat(answer.statusCode()).isEqualTo(502);
      assertThat(answer.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(answer.body())
          .isEqualTo(
              "{\"error\":\"upstream_unreachable\",\"message\":\"service checkout in production: no"
                  + " instance accepted a connection (checkout-dead at "
                  + dead
                  + ": connection refused)\"}");
      RequestCounts counts = harness.router.counts(DEAD, RouterHarness.from(), RouterHarness.to());
      assertThat(counts.connectFailures()).isEqualTo(1);
      assertThat(counts.server5xx()).isEqualTo(1);
    }

    @Test
    void request_triesEachInstanceAtMostOnce() throws Exception {
      Endpoint dead1 = RouterHarness.deadEndpoint();
      Endpoint dead2 = RouterHarness.deadEndpoint();
      RouterHarness harness = closeLater(new RouterHarness(RouterHarness.settings()));
      harness.route(active("checkout-d1", dead1, 1), active("checkout-d2", dead2, 1));

      HttpResponse<String> answer = harness.get("/pay");

      assertThat(answer.statusCode()).isEqualTo(502);
      RequestCounts d1 =
          harness.router.counts(
              InstanceId.of("checkout-d1"), RouterHarness.from(), RouterHarness.to());
      RequestCounts d2 =
          harness.router.counts(
              InstanceId.of("checkout-d2"), RouterHarness.from(), RouterHarness.to());
      assertThat(d1.connectFailures()).isEqualTo(1);
      assertThat(d2.connectFailures()).isEqualTo(1);
    }

    @Test
    void request_thatReachedAnInstance_isNeverSentAgain() throws Exception {
      RawUpstream closing = closeLater(new RawUpstream(RawUpstream.Behaviour.CLOSE_AFTER_REQUEST));
      TestUpstream b = closeLater(TestUpstream.answering("b"));
      RouterHarness harness = closeLater(new RouterHarness(RouterHarness.settings()));
      harness.route(
          active("checkout-a", closing.endpoint(), 5_000),
          active("checkout-b", b.endpoint(), 5_000));

      int failed = 0;
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> answer = harness.get("/pay");
        assertThat(answer.statusCode()).isIn(200, 502);
        failed += answer.statusCode() == 502 ? 1 : 0;
      }

      assertThat(failed).isPositive();
      assertThat(closing.arrivals()).isEqualTo(failed);
      assertThat(b.arrivals()).isEqualTo(20 - failed);
    }
  }

  @Nested
  class Drain {
    @Test
    void update_withoutAnInstance_letsItsRequestsFinishAndSendsNewOnesElsewhere() throws Exception {
      CountDownLatch release = new CountDownLatch(1);
      TestUpstream a =
          closeLater(
              TestUpstream.start(
                  exchange -> {
                    release.await(20, TimeUnit.SECONDS);
                    TestUpstream.respond(exchange, 200, "text/plain", "a");
                  }));
      TestUpstream b = closeLater(TestUpstream.answering("b"));
      RouterHarness harness = closeLater(new RouterHarness(RouterHarness.settings()));
      harness.route(active("checkout-a", a.endpoint(), 1));
      List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        slow.add(
            harness.client.sendAsync(
                harness.request("/slow/" + i).build(), HttpResponse.BodyHandlers.ofString()));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> a.arrivals() == 5);
      assertThat(harness.router.inFlight(A)).isEqualTo(5);

      harness.route(active("checkout-b", b.endpoint(), 1));

      for (int i = 0; i < 10; i++) {
        assertThat(harness.get("/new/" + i).body()).isEqualTo("b");
      }
      assertThat(a.arrivals()).isEqualTo(5);
      assertThat(harness.router.awaitDrained(A, Duration.ofMillis(50))).isEqualTo(5);
      CompletableFuture<Integer> drained =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return harness.router.awaitDrained(A, Duration.ofSeconds(20));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return -1;
                }
              });
      assertThat(drained).isNotDone(); // five requests are still in flight on A

      release.countDown();

      assertThat(drained.get(20, TimeUnit.SECONDS)).isZero();
      for (CompletableFuture<HttpResponse<String>> answer : slow) {
        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("a");
      }
      assertThat(harness.router.inFlight(A)).isZero();
      assertThat(harness.router.counts(A, RouterHarness.from(), RouterHarness.to()).ok2xx())
          .isEqualTo(5);
    }

    @Test
    void awaitDrained_unknownInstance_isZeroAtOnce() throws Exception {
      RouterHarness harness = closeLater(new RouterHarness(RouterHarness.settings()));

      assertThat(harness.router.awaitDrained(InstanceId.of("checkout-x"), Duration.ofSeconds(5)))
          .isZero();
    }
  }
}
