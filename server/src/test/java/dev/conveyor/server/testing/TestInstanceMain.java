package dev.conveyor.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real program for instance tests: an HTTP server on {@code $PORT} whose behaviour the arguments
 * choose. Arguments: {@code ready-after=MS}, {@code never-ready}, {@code exit-after=MS:CODE},
 * {@code hang-after=MS} (stops answering), {@code ignore-sigterm}, {@code noisy} (writes lots of
 * log), {@code slow=MS} (every answer on /slow takes that long), {@code fail-rate=P} (that share of
 * answers on {@code /same} are 500s, drawn from a seeded generator). {@code /same} answers the same
 * body on every instance, so that shadow comparisons see no noise.
 */
public final class TestInstanceMain {
  private TestInstanceMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new TreeMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      options.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "" : arg.substring(eq + 1));
    }
    int port = Integer.parseInt(System.getenv("PORT"));
    long started = System.currentTimeMillis();
    long readyAfter = Long.parseLong(options.getOrDefault("ready-after", "0"));
    boolean neverReady = options.containsKey("never-ready");
    long hangAfter = Long.parseLong(options.getOrDefault("hang-after", "-1"));
    long slow = Long.parseLong(options.getOrDefault("slow", "0"));
    AtomicBoolean hung = new AtomicBoolean(false);
    CountDownLatch forever = new CountDownLatch(1);

    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/ready",
        exchange -> {
          if (hung.get()) {
            await(forever);
          }
          boolean ready = !neverReady && System.currentTimeMillis() - started >= readyAfter;
          answer(exchange, ready ? 200 : 503, ready ? "ready" : "not yet");
        });
    server.createContext(
        "/env",
        exchange -> {
          StringBuilder body = new StringBuilder();
          for (String name :
              new String[] {
                "PORT",
                "APP_PORT",
                "CONVEYOR_INSTANCE",
                "CONVEYOR_SERVICE",
                "CONVEYOR_ENVIRONMENT",
                "GREETING",
                "SECRET_OF_THE_SERVER"
              }) {
            body.append(name).append('=').append(System.getenv(name)).append('\n');
          }
          answer(exchange, 200, body.toString());
        });
    server.createContext(
        "/slow",
        exchange -> {
          sleep(slow);
          answer(exchange, 200, "slow " + System.getenv("CONVEYOR_INSTANCE"));
        });
    double failRate = Double.parseDouble(options.getOrDefault("fail-rate", "0"));
    java.util.SplittableRandom failures = new java.util.SplittableRandom(7);
    server.createContext(
        "/same",
        exchange -> {
          boolean fail;
          synchronized (failures) {
            fail = failures.nextDouble() < failRate;
          }
          if (fail) {
            answer(exchange, 500, "{\"error\":\"injected\"}");
          } else {
            answer(exchange, 200, "{\"products\":[1,2,3]}");
          }
        });
    server.createContext(
        "/", exchange -> answer(exchange, 200, "hello from " + System.getenv("CONVEYOR_INSTANCE")));
    server.start();
    System.out.println(
        "test instance " + System.getenv("CONVEYOR_INSTANCE") + " listening on " + port);
    System.out.flush();

    if (options.containsKey("ignore-sigterm")) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> await(forever)));
    }
    if (options.containsKey("exit-after")) {
      String[] parts = options.get("exit-after").split(":");
      Thread.ofVirtual()
          .start(
              () -> {
                sleep(Long.parseLong(parts[0]));
                System.out.println("exiting on purpose with code " + parts[1]);
                System.out.flush();
                Runtime.getRuntime().halt(Integer.parseInt(parts[1]));
              });
    }
    if (hangAfter >= 0) {
      Thread.ofVirtual()
          .start(
              () -> {
                sleep(hangAfter);
                System.out.println("hanging now");
                System.out.flush();
                hung.set(true);
              });
    }
    if (options.containsKey("noisy")) {
      Thread.ofVirtual()
          .start(
              () -> {
                for (long i = 0; ; i++) {
                  System.out.println("noisy line " + i + " " + "x".repeat(100));
                  if (i % 100 == 0) {
                    sleep(5);
                  }
                }
              });
    }
    await(forever);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
