package dev.conveyor.server.router;

import static dev.conveyor.server.router.RouterHarness.active;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.metrics.RequestCounts;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The answers the router gives itself, and whom they count against. */
class RouterErrorTests {
  private static final InstanceId A = InstanceId.of("checkout-a");

  private RouterHarness harness;
  private RawUpstream raw;

  @AfterEach
  void close() throws IOException {
    if (harness != null) {
      harness.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  @Nested
  class NoActiveInstance {
    @Test
    void request_withEmptyTable_answers503NamingTheServiceAndCountsForTheFleet() throws Exception {
      harness = new RouterHarness(RouterHarness.settings());

      HttpResponse<String> answer = harness.get("/checkout");

      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(answer.body())
          .isEqualTo(
              "{\"error\":\"no_active_instance\",\"message\":\"service checkout has no active"
                  + " instance in production\"}");
      RequestCounts unrouted =
          harness.router.unrouted(RouterHarness.CHECKOUT, RouterHarness.from(), RouterHarness.to());
      assertThat(unrouted.server5xx()).isEqualTo(1);
      assertThat(harness.router.inFlight(A)).isZero();
    }

    @Test
    void request_afterTheLastInstanceLeft_answers503AndKeepsTheConnection() throws Exception {
      try (TestUpstream a = TestUpstream.answering("a")) {
        harness = new RouterHarness(RouterHarness.settings());
        harness.route(active("checkout-a", a.endpoint(), 1));
        assertThat(harness.get("/").statusCode()).isEqualTo(200);

        harness.route();

        assertThat(harness.get("/").statusCode()).isEqualTo(503);
        assertThat(harness.get("/").statusCode()).isEqualTo(503);
      }
    }
  }

  @Nested
  class Reset {
    @Test
    void request_whoseInstanceClosesAfterReadingIt_answers502CountedAgainstIt() throws Exception {
      raw = new RawUpstream(RawUpstream.Behaviour.CLOSE_AFTER_REQUEST);
      harness = new RouterHarness(RouterHarness.settings());
      harness.route(active("checkout-a", raw.endpoint(), 1));

      HttpResponse<String> answer = harness.get("/pay");

      assertThat(answer.statusCode()).isEqualTo(502);
      assertThat(answer.body())
          .isEqualTo(
              "{\"error\":\"upstream_reset\",\"message\":\"instance checkout-a at "
                  + raw.endpoint()
                  + " closed the connection before its answer was complete (connection"
                  + " closed)\"}");
      assertThat(raw.arrivals()).isEqualTo(1);
      RequestCounts counts = harness.router.counts(A, RouterHarness.from(), RouterHarness.to());
      assertThat(counts.requests()).isEqualTo(1);
      assertThat(counts.server5xx()).isEqualTo(1);
      assertThat(counts.connectFailures()).isZero();
    }

    @Test
    void request_whoseInstanceClosesMidAnswer_breaksTheClientConnectionAndCounts5xx()
        throws Exception {
      raw = new RawUpstream(RawUpstream.Behaviour.HALF_ANSWER_THEN_CLOSE);
      harness = new RouterHarness(RouterHarness.settings());
      harness.route(active("checkout-a", raw.endpoint(), 1));

      // The status line already went out; only a broken connection can tell the client.
      assertThatThrownBy(() -> harness.get("/pay")).isInstanceOf(IOException.class);

      assertThat(raw.arrivals()).isEqualTo(1);
      RequestCounts counts = harness.router.counts(A, RouterHarness.from(), RouterHarness.to());
      assertThat(counts.server5xx()).isEqualTo(1);
      assertThat(counts.ok2xx()).isZero();
    }
  }

  @Nested
  class Timeout {
    @Test
    void request_whoseInstanceNeverAnswers_answers504AfterTheResponseTimeout() throws Exception {
      raw = new RawUpstream(RawUpstream.Behaviour.SILENT);
      harness =
          new RouterHarness(RouterHarness.settings().withResponseTimeout(Duration.ofMillis(300)));
      harness.route(active("checkout-a", raw.endpoint(), 1));

      HttpResponse<String> answer = harness.get("/pay");

      assertThat(answer.statusCode()).isEqualTo(504);
      assertThat(answer.body())
          .isEqualTo(
              "{\"error\":\"upstream_timeout\",\"message\":\"instance checkout-a at "
                  + raw.endpoint()
                  + " did not answer within 300ms\"}");
      assertThat(raw.arrivals()).isEqualTo(1);
      RequestCounts counts = harness.router.counts(A, RouterHarness.from(), RouterHarness.to());
      assertThat(counts.timeouts()).isEqualTo(1);
      assertThat(counts.server5xx()).isEqualTo(1);
      assertThat(harness.router.inFlight(A)).isZero();
    }

    @Test
    void request_onAReusedUpstreamConnection_answers504AfterTheResponseTimeout() throws Exception {
      // One event loop, so the second request reuses the first one's upstream connection, whose
      // timer was armed for the first request.
      raw = new RawUpstream(RawUpstream.Behaviour.ANSWER_FIRST_THEN_SILENT);
      harness =
          new RouterHarness(
              RouterHarness.settings()
                  .withEventLoopThreads(1)
                  .withResponseTimeout(Duration.ofMillis(300)));
      harness.route(active("checkout-a", raw.endpoint(), 1));

      assertThat(harness.get("/first").body()).isEqualTo("ok");
      long started = System.nanoTime();
      HttpResponse<String> answer = harness.get("/second");
      long tookMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(answer.statusCode()).isEqualTo(504);
      assertThat(tookMillis).isBetween(250L, 5_000L);
      assertThat(raw.arrivals()).isEqualTo(2);
      RequestCounts counts = harness.router.counts(A, RouterHarness.from(), RouterHarness.to());
      assertThat(counts.timeouts()).isEqualTo(1);
      assertThat(counts.ok2xx()).isEqualTo(1);
      assertThat(harness.router.inFlight(A)).isZero();
    }

    @Test
    void request_whoseInstanceAnswersSlowlyButSteadily_isNotTimedOut() throws Exception {
      // 10 bytes, one every 100 ms: the whole answer takes 1 s, far over the 300 ms timeout, but
      // the instance is never silent for that long.
      raw = new RawUpstream(RawUpstream.Behaviour.TRICKLE);
      harness =
          new RouterHarness(
              RouterHarness.settings()
                  .withEventLoopThreads(1)
                  .withResponseTimeout(Duration.ofMillis(300)));
      harness.route(active("checkout-a", raw.endpoint(), 1));

      HttpResponse<String> answer = harness.get("/slow");

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("0123456789");
      RequestCounts counts = harness.router.counts(A, RouterHarness.from(), RouterHarness.to());
      assertThat(counts.timeouts()).isZero();
      assertThat(counts.ok2xx()).isEqualTo(1);
    }
  }
}
