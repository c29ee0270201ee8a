package dev.conveyor.server.router;

import static dev.conveyor.server.router.RouterHarness.active;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What travels between client and instance: method, target, headers, bodies, connections. */
class RouterForwardingTests {
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

  /** An instance that answers with the request line, its headers (lower-case, sorted), and body. */
  private void echo(RouterSettings settings) throws Exception {
    upstream =
        TestUpstream.start(
            exchange -> {
              Map<String, String> headers = new TreeMap<>();
              exchange
                  .getRequestHeaders()
                  .forEach(
                      (name, values) ->
                          headers.put(name.toLowerCase(Locale.ROOT), String.join("|", values)));
              String text =
                  exchange.getRequestMethod()
                      + " "
                      + exchange.getRequestURI()
                      + "\n"
                      + headers.entrySet().stream()
                          .map(e -> e.getKey() + ": " + e.getValue())
                          .collect(Collectors.joining("\n"))
                      + "\n\n"
                      + TestUpstream.body(exchange);
              TestUpstream.respond(exchange, 200, "text/plain", text);
            });
    harness = new RouterHarness(settings);
    harness.route(active("checkout-a", upstream.endpoint(), 1));
  }

  @Nested
  class Requests {
    @Test
    void request_methodTargetAndBody_reachTheInstanceUnchanged() throws Exception {
      echo(RouterHarness.settings());

      HttpResponse<String> answer =
          harness.client.send(
              harness
                  .request("/orders/7?expand=items&x=%20y")
                  .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"qty\":2}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(answer.body())
          .startsWith("PATCH /orders/7?expand=items&x=%20y\n")
          .contains("\ncontent-length: 9\n")
          .endsWith("\n\n{\"qty\":2}");
    }

    @Test
    void request_hopByHopHeaders_stayBehind_forwardingHeadersAreAdded() throws Exception {
      echo(RouterHarness.settings());

      String answer =
          harness.raw(
              "GET /headers HTTP/1.1\r\n"
                  + "Host: shop.example\r\n"
                  + "Connection: close, X-Drop-Me\r\n"
                  + "X-Drop-Me: secret\r\n"
                  + "Keep-Alive: timeout=5\r\n"
                  + "TE: trailers\r\n"
                  + "Upgrade: websocket\r\n"
                  + "Proxy-Connection: keep-alive\r\n"
                  + "Proxy-Authorization: Basic eDp5\r\n"
                  + "X-Keep: yes\r\n"
                  + "\r\n");

      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertThat(body)
          .contains("\nhost: shop.example\n")
          .contains("\nx-keep: yes\n")
          .contains("\nx-forwarded-for: 127.0.0.1\n")
          .contains("\nx-forwarded-proto: http\n")
          .contains("\nforwarded: for=127.0.0.1;proto=http;host=\"shop.example\"\n")
          .doesNotContain("x-drop-me", "keep-alive", "\nte:", "upgrade", "proxy-", "\nconnection:");
      assertThat(answer.toLowerCase(Locale.ROOT)).contains("\r\nconnection: close\r\n");
    }

    @Test
    void request_earlierProxies_areKeptInForwardingHeaders() throws Exception {
      echo(RouterHarness.settings());

      String body =
          harness
              .client
              .send(
                  harness
                      .request("/")
                      .header("X-Forwarded-For", "10.0.0.1")
                      .header("X-Forwarded-Proto", "https")
                      .header("Forwarded", "for=10.0.0.1;proto=https")
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();

      assertThat(body)
          .contains("\nx-forwarded-for: 10.0.0.1, 127.0.0.1\n")
          .contains("\nx-forwarded-proto: https\n")
          .contains(
              "\nforwarded: for=10.0.0.1;proto=https, for=127.0.0.1;proto=http;host=\"127.0.0.1:"
                  + harness.port
                  + "\"\n");
    }

    @Test
    void request_http10WithoutHost_getsTheInstanceAsHostAndAnAnswerEndedByClose() throws Exception {
      upstream =
          TestUpstream.start(
              exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, 0); // chunked
                try (OutputStream out = exchange.getResponseBody()) {
                  out.write(("hello " + exchange.getRequestHeaders().getFirst("Host")).getBytes());
                }
              });
      harness = new RouterHarness(RouterHarness.settings());
      harness.route(active("checkout-a", upstream.endpoint(), 1));

      String answer = harness.raw("GET /old HTTP/1.0\r\n\r\n");

      assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n");
      assertThat(answer.toLowerCase(Locale.ROOT))
          .doesNotContain("transfer-encoding")
          .contains("\r\nconnection: close\r\n");
      assertThat(answer).endsWith("\r\n\r\nhello " + upstream.endpoint());
    }

    @Test
    void requests_pipelined_areAnsweredInOrder() throws Exception {
      echo(RouterHarness.settings());

      String answer =
          harness.raw(
              "GET /first HTTP/1.1\r\nHost: a\r\n\r\n"
                  + "GET /second HTTP/1.1\r\nHost: a\r\n\r\n"
                  + "GET /third HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

      assertThat(answer.indexOf("GET /first")).isLessThan(answer.indexOf("GET /second"));
      assertThat(answer.indexOf("GET /second")).isLessThan(answer.indexOf("GET /third"));
      assertThat(answer.split("HTTP/1.1 200 OK", -1)).hasSize(4);
    }
  }

  @Nested
  class Answers {
    @Test
    void answer_chunkedAndLarge_arrivesWhole() throws Exception {
      byte[] big = "0123456789abcdef".repeat(20_000).getBytes();
      upstream =
          TestUpstream.start(
              exchange -> {
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                  for (int i = 0; i < big.length; i += 1_000) {
                    out.write(big, i, Math.min(1_000, big.length - i));
                  }
                }
              });
      harness = new RouterHarness(RouterHarness.settings());
      harness.route(active("checkout-a", upstream.endpoint(), 1));

      HttpResponse<byte[]> answer =
          harness.client.send(
              harness.request("/big").build(), HttpResponse.BodyHandlers.ofByteArray());

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo(big);
      assertThat(harness.get("/again").statusCode()).isEqualTo(200);
    }

    @Test
    void answer_toHead_hasNoBodyAndTheConnectionStaysUsable() throws Exception {
      upstream = TestUpstream.answering("twelve bytes");
      harness = new RouterHarness(RouterHarness.settings());
      harness.route(active("checkout-a", upstream.endpoint(), 1));

      HttpResponse<String> head =
          harness.client.send(
              harness.request("/doc").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(harness.get("/doc").body()).isEqualTo("twelve bytes");
    }

    @Test
    void connections_manySequentialRequests_reuseFewUpstreamConnections() throws Exception {
      upstream = TestUpstream.answering("ok");
      harness = new RouterHarness(RouterHarness.settings());
      harness.route(active("checkout-a", upstream.endpoint(), 1));

      for (int i = 0; i < 100; i++) {
        assertThat(harness.get("/n/" + i).statusCode()).isEqualTo(200);
      }

      assertThat(upstream.arrivals()).isEqualTo(100);
      assertThat(upstream.connections()).isBetween(1, 2); // at most one per event loop
    }
  }

  @Nested
  class Refusals {
    @Test
    void request_withContentLengthAndTransferEncoding_isRefusedAndNeverForwarded()
        throws Exception {
      echo(RouterHarness.settings());

      String answer =
          harness.raw(
              "POST /pay HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n");

      assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n");
      assertThat(answer)
          .endsWith(
              "{\"error\":\"bad_request\",\"message\":\"the request has both Content-Length and"
                  + " Transfer-Encoding: send only one of them\"}");
      assertThat(upstream.arrivals()).isZero();
    }

    @Test
    void request_refusedAfterPipelinedRequests_isAnsweredInTurnThenTheConnectionCloses()
        throws Exception {
      echo(RouterHarness.settings());

      String answer =
          harness.raw(
              "GET /first HTTP/1.1\r\nHost: a\r\n\r\n"
                  + "POST /pay HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

      assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("GET /first\n");
      assertThat(answer.indexOf("HTTP/1.1 400 Bad Request\r\n"))
          .isGreaterThan(answer.indexOf("GET /first\n"));
      assertThat(upstream.arrivals()).isEqualTo(1);
    }

    @Test
    void request_withInvalidContentLength_isRefused() throws Exception {
      echo(RouterHarness.settings());

      String answer = harness.raw("POST /pay HTTP/1.1\r\nHost: a\r\nContent-Length: 12x\r\n\r\n");

      assertThat(answer)
          .startsWith("HTTP/1.1 400 Bad Request\r\n")
          .contains("\"error\":\"bad_request\"");
      assertThat(upstream.arrivals()).isZero();
    }

    @Test
    void request_withUnknownTransferCoding_isRefusedAs501() throws Exception {
      echo(RouterHarness.settings());

      String answer =
          harness.raw("POST /pay HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");

      assertThat(answer)
          .startsWith("HTTP/1.1 501 Not Implemented\r\n")
          .endsWith(
              "{\"error\":\"not_implemented\",\"message\":\"Transfer-Encoding 'gzip, chunked' is not"
                  + " supported: send 'chunked' or Content-Length\"}");
      assertThat(upstream.arrivals()).isZero();
    }

    @Test
    void request_overTheBodyLimit_isRefusedAs413() throws Exception {
      echo(RouterHarness.settings().withMaxRequestBody(1_024));

      String answer =
          harness.raw("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n");

      assertThat(answer)
          .startsWith("HTTP/1.1 413 Request Entity Too Large\r\n")
          .endsWith(
              "{\"error\":\"payload_too_large\",\"message\":\"the request body of 5000 bytes or more"
                  + " is over the router's limit of 1024 bytes\"}");
      assertThat(upstream.arrivals()).isZero();
      assertThat(
              harness
                  .router
                  .unrouted(RouterHarness.CHECKOUT, RouterHarness.from(), RouterHarness.to())
                  .client4xx())
          .isEqualTo(1);
    }

    @Test
    void request_chunkedBodyUnderTheLimit_isForwardedWithItsLength() throws Exception {
      echo(RouterHarness.settings().withMaxRequestBody(1_024));

      String answer =
          harness.raw(
              "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                  + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

      assertThat(answer)
          .startsWith("HTTP/1.1 200 OK\r\n")
          .contains("\ncontent-length: 11\n")
          .endsWith("\n\nhello world");
    }
  }
}
