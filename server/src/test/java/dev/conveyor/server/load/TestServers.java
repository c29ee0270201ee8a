package dev.conveyor.server.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Loopback servers for load tests: the JDK's HttpServer, and a raw socket server for odd HTTP. */
final class TestServers {
  static {
    // Without it the JDK server's two writes per response meet delayed ACKs (40 ms on Linux).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private TestServers() {}

  /** A JDK HttpServer on 127.0.0.1 with one handler; {@code executor} null runs handlers inline. */
  static Jdk jdk(HttpHandler handler, Executor executor) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
      server.createContext("/", handler);
      server.setExecutor(executor);
      server.start();
      return new Jdk(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JDK HttpServer whose handlers run on virtual threads. */
  static Jdk jdk(HttpHandler handler) {
    return jdk(handler, Executors.newVirtualThreadPerTaskExecutor());
  }

  /** Answers with {@code status} and a short body, reading the request's body first. */
  static void answer(HttpExchange exchange, int status) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  /** A running JDK server. */
  record Jdk(HttpServer server) implements AutoCloseable {
    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
      server.stop(0);
      if (server.getExecutor() instanceof ExecutorService executor) {
        executor.shutdownNow();
      }
    }
  }

  /** What a raw server does with each accepted connection, on its own virtual thread. */
  @FunctionalInterface
  interface Connection {
    void serve(Socket socket) throws IOException;
  }

  /** A raw TCP server on 127.0.0.1; each connection runs {@code connection} on a virtual thread. */
  static Raw raw(Connection connection) {
    try {
      ServerSocket socket = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!socket.isClosed()) {
                      try {
                        Socket accepted = socket.accept();
                        Thread.ofVirtual()
                            .start(
                                () -> {
                                  try (accepted) {
                                    connection.serve(accepted);
                                  } catch (IOException e) {
                                    // the client went away
                                  }
                                });
                      } catch (IOException e) {
                        // closed
                      }
                    }
                  });
      return new Raw(socket, acceptor);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A running raw server. */
  record Raw(ServerSocket socket, Thread acceptor) implements AutoCloseable {
    URI url() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Reads one request head (through the blank line), or returns null at the end of the stream. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  /** A loopback port that nothing listens on (it was free a moment ago). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
