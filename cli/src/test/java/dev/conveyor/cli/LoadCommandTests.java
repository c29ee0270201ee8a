package dev.conveyor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code conveyor load}, run as a person would, against a JDK HttpServer on loopback. */
class LoadCommandTests {
  static {
    // The JDK server's two writes per response would otherwise meet 40 ms delayed ACKs.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** What one run printed, and how it ended. */
  record Run(int exitCode, String out, String err) {}

  private HttpServer server;
  private String url;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            int status = exchange.getRequestURI().getPath().equals("/checkout") ? 500 : 200;
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Nested
  class Arguments {
    private void assertUsage(Run run, String message) {
      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err()).isEqualTo("conveyor: " + message + "\n");
      assertThat(run.out()).isEmpty();
    }

    @Test
    void missingTarget_isAUsageError() {
      Run run = run("load", "--rate", "10");

      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err())
          .isEqualTo(
              "conveyor: Missing required option: '--target=URL'\nsee 'conveyor load --help'\n");
    }

    @Test
    void badRate() {
      assertUsage(
          run("load", "--target", url, "--rate", "fast"),
          "--rate 'fast' is not a rate: give requests per second, such as 500 or 500/s");
      assertUsage(
          run("load", "--target", url, "--rate", "0"),
          "the load rate must be from more than 0 to 1000000 requests per second, got 0.0");
    }

    @Test
    void badDurations() {
      assertUsage(
          run("load", "--target", url, "--duration", "5x"),
          "--duration '5x' is not a duration: give one such as 30s, 2m, 1m30s or 500ms");
      assertUsage(
          run("load", "--target", url, "--timeout", "soon"),
          "--timeout 'soon' is not a duration: give one such as 30s, 2m, 1m30s or 500ms");
      assertUsage(
          run("load", "--target", url, "--warmup", "-1s"),
          "--warmup '-1s' is not a duration: give one such as 30s, 2m, 1m30s or 500ms");
      assertUsage(
          run("load", "--target", url, "--duration", "0s"),
          "the load duration must be positive, got PT0S");
    }

    @Test
    void badMix_namesTheEntry() {
      assertUsage(
          run("load", "--target", url, "--mix", "8 GET /products, 2 post /checkout"),
          "mix entry 2 '2 post /checkout': 'post' is not an HTTP method: write it in capitals,"
              + " such as GET or POST");
      assertUsage(
          run("load", "--target", url, "--mix", "GET /a", "--mix", "GET b"),
          "mix entry 2 'GET b': the path 'b' must start with '/'");
    }

    @Test
    void badTarget() {
      assertUsage(
          run("load", "--target", "localhost:8080"),
          "the load target 'localhost:8080' must be an http:// URL with a host and no query,"
              + " such as http://127.0.0.1:8080");
      assertUsage(
          run("load", "--target", "http://a b"),
          "--target 'http://a b' is not a URL (Illegal character in authority): give one such as"
              + " http://127.0.0.1:8080");
    }

    @Test
    void badMaxInFlight() {
      assertUsage(
          run("load", "--target", url, "--max-in-flight", "many"),
          "--max-in-flight 'many' is not a whole number: give the most requests to await at once,"
              + " such as 256");
      assertUsage(
          run("load", "--target", url, "--max-in-flight", "0"),
          "the in-flight cap must be from 1 to 65536, got 0");
    }
  }

  @Nested
  class Runs {
    @Test
    void shortRun_printsTheReport() {
      Run run =
          run(
              "load",
              "--target",
              url,
              "--rate",
              "100/s",
              "--duration",
              "1s",
              "--mix",
              "3 GET /products, 1 POST /checkout {\"product\":1,\"quantity\":1}");

      assertThat(run.exitCode()).isZero();
      List<String> lines = run.out().lines().toList();
      assertThat(lines).hasSize(9);
      assertThat(lines.get(0)).isEqualTo("target       " + url);
      assertThat(lines.get(1))
          .isEqualTo(
              "mix          3 GET /products, 1 POST /checkout {\"product\":1,\"quantity\":1}");
      assertThat(lines.get(2))
          .isEqualTo(
              "asked        100/s for 1s: 100 requests (at most 256 in flight, timeout 10s)");
      assertThat(lines.get(3))
          .startsWith("sent         100 at ")
          .endsWith("; 0 late (waited for an in-flight slot)");
      assertThat(lines.get(4))
          .matches("throughput   [0-9.]+ responses/s: 100 responses in [0-9.]+s");
      assertThat(lines.get(5)).matches("status       200: (\\d+), 500: (\\d+)");
      int checkouts = Integer.parseInt(lines.get(5).replaceAll(".*500: ", ""));
      assertThat(lines.get(6)).isEqualTo("failures     none");
      assertThat(lines.get(7))
          .isEqualTo("errors       " + checkouts + " (5xx responses and failures)");
      assertThat(lines.get(8))
          .matches(
              "latency      p50 \\S+, p90 \\S+, p99 \\S+, p99\\.9 \\S+, max \\S+ \\(from intended"
                  + " send times\\)");
      // Not a terminal: progress only every 5 s, so none in a 1 s run.
      assertThat(run.err()).isEmpty();
    }

    @Test
    void warmup_isAnnouncedAndShownInTheReport() {
      Run run =
          run("load", "--target", url, "--rate", "50", "--duration", "1s", "--warmup", "500ms");

      assertThat(run.exitCode()).isZero();
      assertThat(run.err()).isEqualTo("load: warming up for 500ms...\n");
      assertThat(run.out())
          .contains(
              "asked        50/s for 1s: 50 requests (at most 256 in flight, timeout 10s, after a"
                  + " 500ms warm-up)\n")
          .contains("status       200: 50\n");
    }

    @Test
    void json_printsTheReportAsOneObject() throws IOException {
      Run run = run("load", "--target", url, "--rate", "50", "--duration", "1s", "-o", "json");

      assertThat(run.exitCode()).isZero();
      JsonNode report = new ObjectMapper().readTree(run.out());
      assertThat(report.get("target").asText()).isEqualTo(url);
      assertThat(report.get("mix").asText()).isEqualTo("1 GET /");
      assertThat(report.get("planned").asLong()).isEqualTo(50);
      assertThat(report.get("sent").asLong()).isEqualTo(50);
      assertThat(report.get("status").get("200").asLong()).isEqualTo(50);
      assertThat(report.get("transportFailures").get("connect_refused").asLong()).isZero();
      assertThat(report.get("latencyMs").has("p99.9")).isTrue();
    }

    @Test
    void nothingListening_stillExitsZero_andCountsRefusals() throws IOException {
      int port;
      try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = free.getLocalPort();
      }
      Run run =
          run("load", "--target", "http://127.0.0.1:" + port, "--rate", "20", "--duration", "1s");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out())
          .contains("status       none\n")
          .contains("failures     connect refused: 20\n")
          .contains("errors       20 (5xx responses and failures)\n");
    }
  }
}
