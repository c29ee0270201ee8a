package dev.conveyor.server.router;

import dev.conveyor.core.instance.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving instance on a raw loopback socket: reads each request's head, then does what the
 * test scripted (close, answer half, stay silent). Counts the requests that arrive.
 */
final class RawUpstream implements AutoCloseable {
  /** What to do once a request's head has arrived. */
  enum Behaviour {
    /** Close the connection without answering. */
    CLOSE_AFTER_REQUEST,
    /** Send a head promising 100 bytes, then 10 of them, then close. */
    HALF_ANSWER_THEN_CLOSE,
    /** Never answer; keep the connection open until the test ends. */
    SILENT,
    /** Answer the very first request (of any connection) "ok", keep-alive; never answer again. */
    ANSWER_FIRST_THEN_SILENT,
    /** Send a head promising 10 bytes, then one byte every 100 ms, keeping the connection open. */
    TRICKLE
  }

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger arrivals = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  RawUpstream(Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(this::accept);
  }

  Endpoint endpoint() {
    return Endpoint.of("127.0.0.1", server.getLocalPort());
  }

  int arrivals() {
    return arrivals.get();
  }

  /** Connections accepted so far. */
  int connections() {
    return accepted.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        accepted.incrementAndGet();
        open.add(socket);
        executor.execute(() -> serve(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      readHead(in);
      int arrival = arrivals.incrementAndGet();
      OutputStream out = socket.getOutputStream();
      while (behaviour == Behaviour.ANSWER_FIRST_THEN_SILENT && arrival == 1) {
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (readHead(in).isEmpty()) {
          return; // the router closed the connection
        }
        arrival = arrivals.incrementAndGet();
      }
      switch (behaviour) {
        case CLOSE_AFTER_REQUEST -> {}
        case HALF_ANSWER_THEN_CLOSE -> {
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n0123456789"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        case SILENT, ANSWER_FIRST_THEN_SILENT -> in.read(); // returns when the router closes
        case TRICKLE -> {
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          for (int i = 0; i < 10; i++) {
            Thread.sleep(100);
            out.write('0' + i);
            out.flush();
          }
          in.read(); // keep-alive: returns when the router closes the connection
        }
      }
    } catch (IOException ignored) {
      // the router closed first: fine for every behaviour
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads up to and including the blank line that ends a request's head. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while (matched < 4 && (b = in.read()) >= 0) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
    executor.shutdownNow();
  }
}
