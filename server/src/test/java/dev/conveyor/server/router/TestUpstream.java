package dev.conveyor.server.router;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.conveyor.core.instance.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real instance for router tests: the JDK's HTTP server on a loopback port, counting the requests
 * that arrive and the connections they arrive on.
 */
final class TestUpstream implements AutoCloseable {
  /** What an upstream does with one request. */
  interface Handler {
    void handle(HttpExchange exchange) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger arrivals = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final Set<Integer> connections = ConcurrentHashMap.newKeySet();

  private TestUpstream(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext(
        "/",
        exchange -> {
          arrivals.incrementAndGet();
          connections.add(exchange.getRemoteAddress().getPort());
          try (exchange) {
            handler.handle(exchange);
            completed.incrementAndGet();
          } catch (IOException e) {
            throw e;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Exception e) {
            throw new IOException(e);
          }
        });
    server.setExecutor(executor);
    server.start();
  }

  static TestUpstream start(Handler handler) throws IOException {
    return new TestUpstream(handler);
  }

  /** An upstream that answers every request 200 with {@code body} as plain text. */
  static TestUpstream answering(String body) throws IOException {
    return start(exchange -> respond(exchange, 200, "text/plain", body));
  }

  /** Reads the request body (unless read already), then answers with a status, type and body. */
  static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    } catch (IOException alreadyRead) {
      // the handler read and closed the body itself
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
    if (!head && bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Reads the request body as text. */
  static String body(HttpExchange exchange) {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Endpoint endpoint() {
    return Endpoint.of("127.0.0.1", server.getAddress().getPort());
  }

  /** Requests that reached this upstream. */
  int arrivals() {
    return arrivals.get();
  }

  /** Requests this upstream finished handling. */
  int completed() {
    return completed.get();
  }

  /** Distinct connections requests arrived on. */
  int connections() {
    return connections.size();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
