package dev.conveyor.server.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.conveyor.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The load generator against real servers on loopback. Rates and durations are small and the
 * tolerances generous: these check behaviour (open loop, latency from the intended time, every
 * request accounted for), not speed.
 */
class LoadGeneratorTests {
  private static final Mix ROOT = Mix.of(RequestTemplate.of("GET", "/"));

  /** Every planned request has exactly one outcome: a status or a transport failure. */
  private static void assertAccounted(LoadReport report) {
    assertThat(report.responses() + report.failures()).isEqualTo(report.planned());
    assertThat(report.latency().count()).isEqualTo(report.planned());
  }

  @Nested
  class Rate {
    @Test
    void run_500PerSecondFor2Seconds_sendsAllAtAboutThatRate() {
      try (TestServers.Jdk server =
          TestServers.jdk(exchange -> TestServers.answer(exchange, 200))) {
        LoadReport report =
            LoadGenerator.run(LoadPlan.of(server.url(), 500, Duration.ofSeconds(2), ROOT));

        assertAccounted(report);
        assertThat(report.planned()).isEqualTo(1_000);
        assertThat(report.sent()).isEqualTo(1_000);
        assertThat(report.statusCounts()).containsExactly(Map.entry(200, 1_000L));
        // Generous: a behaviour check that sending is paced by the clock, not a speed goal.
        assertThat(report.sendRate()).isBetween(350.0, 650.0);
        assertThat(report.sendingTime()).isGreaterThanOrEqualTo(Duration.ofMillis(1_990));
      }
    }

    @Test
    void warmup_isSentFirst_butNotReported() {
      AtomicInteger seen = new AtomicInteger();
      try (TestServers.Jdk server =
          TestServers.jdk(
              exchange -> {
                seen.incrementAndGet();
                TestServers.answer(exchange, 200);
              })) {
        LoadReport report =
            LoadGenerator.run(
                LoadPlan.of(server.url(), 100, Duration.ofSeconds(1), ROOT)
                    .withWarmup(Duration.ofMillis(500)));

        assertAccounted(report);
        assertThat(report.planned()).isEqualTo(100);
        assertThat(report.statusCounts()).containsExactly(Map.entry(200, 100L));
        assertThat(seen.get()).isEqualTo(150);
      }
    }

    @Test
    void run_reportsProgressWhileItRuns() {
      List<LoadProgress> progress = new CopyOnWriteArrayList<>();
      try (TestServers.Jdk server =
          TestServers.jdk(exchange -> TestServers.answer(exchange, 200))) {
        new LoadGenerator(LoadPlan.of(server.url(), 200, Duration.ofMillis(2_500), ROOT))
            .run(progress::add);
      }

      assertThat(progress).isNotEmpty();
      LoadProgress first = progress.get(0);
      assertThat(first.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
      assertThat(first.sent()).isPositive();
      assertThat(first.errors()).isZero();
      assertThat(first.currentRate()).isPositive();
    }

    @Test
    void progressListenerThatThrows_doesNotEndTheRun() {
      try (TestServers.Jdk server =
          TestServers.jdk(exchange -> TestServers.answer(exchange, 200))) {
        LoadReport report =
            new LoadGenerator(LoadPlan.of(server.url(), 200, Duration.ofMillis(1_500), ROOT))
                .run(
                    progress -> {
                      throw new IllegalStateException("broken display");
                    });

        assertThat(report.statusCounts()).containsExactly(Map.entry(200, 300L));
      }
    }

    @Test
    void stop_endsSendingEarly_andStillReports() throws Exception {
      try (TestServers.Jdk server =
          TestServers.jdk(exchange -> TestServers.answer(exchange, 200))) {
        LoadGenerator generator =
            new LoadGenerator(LoadPlan.of(server.url(), 100, Duration.ofMinutes(10), ROOT));
        CountDownLatch running = new CountDownLatch(1);
        Thread stopper =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        running.await();
                        generator.stop();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    });

        LoadReport report = generator.run(progress -> running.countDown());

        stopper.join();
        assertAccounted(report);
        assertThat(report.planned()).isPositive().isLessThan(60_000);
      }
    }

    @Test
    void run_twice_isRefused() {
      try (TestServers.Jdk server =
          TestServers.jdk(exchange -> TestServers.answer(exchange, 200))) {
        LoadGenerator generator =
            new LoadGenerator(LoadPlan.of(server.url(), 10, Duration.ofMillis(100), ROOT));
        generator.run(progress -> {});

        assertThatThrownBy(() -> generator.run(progress -> {}))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("a LoadGenerator runs once; create another for LoadPlan[");
      }
    }
  }

  @Nested
  class CoordinatedOmission {
    @Test
    void serverStallingOnce_showsInTheLatencyOfEveryRequestDueDuringTheStall() {
      // Handlers run inline on the server's one dispatcher thread, so one stalled request stalls
      // the whole server, as a GC pause or a lock would.
      AtomicInteger seen = new AtomicInteger();
      try (TestServers.Jdk server =
          TestServers.jdk(
              exchange -> {
                if (seen.incrementAndGet() == 200) {
                  stall(Duration.ofMillis(500));
                }
                TestServers.answer(exchange, 200);
              },
              null)) {
        LoadReport report =
            LoadGenerator.run(
                LoadPlan.of(server.url(), 500, Duration.ofSeconds(2), ROOT).withMaxInFlight(1_000));

        assertAccounted(report);
        assertThat(report.statusCounts()).containsExactly(Map.entry(200, 1_000L));
        // The requests due in the stall's first 100 ms (about 50, 5% of 1,000) waited at least
        // 400 ms from their intended send time, so p99 is at least that. Measured from the actual
        // send, only the one stalled request would be slow, and p99 would stay at a few ms.
        assertThat(report.latency().p99()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(report.latency().max()).isGreaterThanOrEqualTo(Duration.ofMillis(450));
      }
    }

    /** Blocks this server thread for at least {@code duration}: the fault under test. */
    private static void stall(Duration duration) {
      CountDownLatch never = new CountDownLatch(1);
      try {
        assertThat(never.await(duration.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Nested
  class Outcomes {
    @Test
    void statusCodes_areCountedPerCode_andMixWeightsRespected() {
      try (TestServers.Jdk server =
          TestServers.jdk(
              exchange ->
                  TestServers.answer(
                      exchange,
                      switch (exchange.getRequestURI().getPath()) {
                        case "/ok" -> 200;
                        case "/missing" -> 404;
                        default -> 503;
                      }))) {
        Mix mix = Mix.parse("6 GET /ok, 3 GET /missing, 1 GET /boom");

        LoadReport report =
            LoadGenerator.run(LoadPlan.of(server.url(), 1_000, Duration.ofSeconds(2), mix));

        assertAccounted(report);
        assertThat(report.statusCounts()).containsOnlyKeys(200, 404, 503);
        // Binomial(2000, p): sigma is at most sqrt(2000 * 0.25) = 22.4; 5 sigma is 112.
        assertThat(report.statusCounts().get(200)).isCloseTo(1_200L, within(112L));
        assertThat(report.statusCounts().get(404)).isCloseTo(600L, within(112L));
        assertThat(report.statusCounts().get(503)).isCloseTo(200L, within(112L));
        assertThat(report.errors()).isEqualTo(report.statusCounts().get(503));
        assertThat(report.failures()).isZero();
      }
    }

    @Test
    void requests_carryMethodPathAndBody() {
      Map<String, LongAdder> seen = new ConcurrentHashMap<>();
      try (TestServers.Jdk server =
          TestServers.jdk(
              exchange -> {
                String body =
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                seen.computeIfAbsent(
                        exchange.getRequestMethod()
                            + " "
                            + exchange.getRequestURI()
                            + " "
                            + type
                            + " "
                            + body,
                        k -> new LongAdder())
                    .increment();
                TestServers.answer(exchange, 201);
              })) {
        Mix mix = Mix.parse("GET /products?page=2, POST /checkout {\"product\":1,\"quantity\":2}");

        LoadReport report =
            LoadGenerator.run(
                LoadPlan.of(URI.create(server.url() + "/api/"), 100, Duration.ofSeconds(1), mix));

        assertAccounted(report);
        assertThat(seen)
            .containsOnlyKeys(
                "GET /api/products?page=2 null ",
                "POST /api/checkout application/json {\"product\":1,\"quantity\":2}");
      }
    }

    @Test
    void nothingListening_countsConnectRefused() {
      URI target = URI.create("http://127.0.0.1:" + TestServers.freePort());

      LoadReport report = LoadGenerator.run(LoadPlan.of(target, 100, Duration.ofMillis(500), ROOT));

      assertAccounted(report);
      assertThat(report.sent()).isEqualTo(50);
      assertThat(report.statusCounts()).isEmpty();
      assertThat(report.transportFailures()).containsEntry(TransportFailure.CONNECT_REFUSED, 50L);
      assertThat(report.errors()).isEqualTo(50);
    }

    @Test
    void serverClosingWithoutAnswer_countsReset() throws IOException {
      try (TestServers.Raw server =
          TestServers.raw(socket -> TestServers.readHead(socket.getInputStream()))) {
        LoadReport report =
            LoadGenerator.run(LoadPlan.of(server.url(), 100, Duration.ofMillis(500), ROOT));

        assertAccounted(report);
        assertThat(report.transportFailures()).containsEntry(TransportFailure.RESET, 50L);
      }
    }

    @Test
    void serverNotAnswering_countsTimeouts_andTheCapMakesTheRestLateOrFailures()
        throws IOException {
      CountDownLatch end = new CountDownLatch(1);
      try (TestServers.Raw server =
          TestServers.raw(
              socket -> {
                TestServers.readHead(socket.getInputStream());
                awaitQuietly(end);
              })) {
        LoadPlan plan =
            LoadPlan.of(server.url(), 100, Duration.ofSeconds(1), ROOT)
                .withMaxInFlight(1)
                .withTimeout(Duration.ofMillis(300));

        LoadReport report = LoadGenerator.run(plan);
        end.countDown();

        assertAccounted(report);
        assertThat(report.planned()).isEqualTo(100);
        assertThat(report.statusCounts()).isEmpty();
        // One slot, 300 ms each: a few requests are sent (some late, after waiting for the slot)
        // and time out; every other one is never sent and fails at the cap after 300 ms.
        assertThat(report.transportFailures().get(TransportFailure.TIMEOUT))
            .isEqualTo(report.sent())
            .isBetween(1L, 10L);
        assertThat(report.sentLate()).isPositive();
        assertThat(report.transportFailures().get(TransportFailure.IN_FLIGHT_CAP))
            .isEqualTo(100 - report.sent());
        assertThat(report.latency().p50()).isGreaterThanOrEqualTo(Duration.ofMillis(290));
      }
    }

    private static void awaitQuietly(CountDownLatch latch) {
      try {
        latch.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Nested
  class Protocol {
    private static void respond(java.net.Socket socket, String response) throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(response.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    @Test
    void chunkedResponses_areReadToTheirEnd() {
      try (TestServers.Jdk server =
          TestServers.jdk(
              exchange -> {
                try (exchange) {
                  exchange.sendResponseHeaders(200, 0); // 0: chunked
                  exchange.getResponseBody().write("a chunked body".repeat(500).getBytes());
                }
              })) {
        LoadReport report =
            LoadGenerator.run(LoadPlan.of(server.url(), 200, Duration.ofSeconds(1), ROOT));

        assertAccounted(report);
        assertThat(report.statusCounts()).containsExactly(Map.entry(200, 200L));
      }
    }

    @Test
    void closeDelimitedResponses_areReadToTheClose() throws IOException {
      try (TestServers.Raw server =
          TestServers.raw(
              socket -> {
                TestServers.readHead(socket.getInputStream());
                respond(socket, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
              })) {
        LoadReport report =
            LoadGenerator.run(LoadPlan.of(server.url(), 100, Duration.ofMillis(500), ROOT));

        assertAccounted(report);
        assertThat(report.statusCounts()).containsExactly(Map.entry(200, 50L));
      }
    }

    @Test
    void serverClosingIdleConnections_isRetriedOnceOnAFreshOne() throws IOException {
      AtomicInteger connections = new AtomicInteger();
      try (TestServers.Raw server =
          TestServers.raw(
              socket -> {
                // One response per connection, claiming keep-alive, then the close.
                connections.incrementAndGet();
                InputStream in = socket.getInputStream();
                TestServers.readHead(in);
                respond(socket, "HTTP/1.1 204 No Content\r\n\r\n");
              })) {
        LoadReport report =
            LoadGenerator.run(LoadPlan.of(server.url(), 100, Duration.ofMillis(500), ROOT));

        assertAccounted(report);
        assertThat(report.statusCounts()).containsExactly(Map.entry(204, 50L));
        assertThat(connections.get()).isGreaterThanOrEqualTo(50);
      }
    }

    @Test
    void notHttp_isAnOtherFailure() throws IOException {
      try (TestServers.Raw server =
          TestServers.raw(
              socket -> {
                TestServers.readHead(socket.getInputStream());
                respond(socket, "SSH-2.0-OpenSSH_9.6\r\n");
              })) {
        LoadReport report =
            LoadGenerator.run(LoadPlan.of(server.url(), 100, Duration.ofMillis(200), ROOT));

        assertAccounted(report);
        assertThat(report.transportFailures()).containsEntry(TransportFailure.OTHER, 20L);
      }
    }
  }

  @Test
  void unresolvableHost_failsBeforeSending() {
    LoadPlan plan =
        LoadPlan.of(
            URI.create("http://no-such-host.invalid:8080"), 10, Duration.ofSeconds(1), ROOT);

    assertThatThrownBy(() -> LoadGenerator.run(plan))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "the load target's host 'no-such-host.invalid' does not resolve: check the URL");
  }
}
