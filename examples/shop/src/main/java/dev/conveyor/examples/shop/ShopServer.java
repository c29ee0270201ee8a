package dev.conveyor.examples.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shop over HTTP on the loopback interface, one virtual thread per request.
 *
 * <ul>
 *   <li>{@code GET /products}: the catalogue; {@code GET /products/{id}}: one product, or 404.
 *   <li>{@code POST /checkout} with {@code {"product": 1, "quantity": 2}}: 201 and the order; 400
 *       for malformed input; 500 for the share of checkouts the version fails.
 *   <li>{@code GET /ready}: 200 once started, 503 while shutting down; {@code GET /health}: 200
 *       with counters.
 * </ul>
 *
 * Every answer is JSON, carries the version in the {@code X-Shop-Version} header and in its body.
 * Business requests (products and checkout) wait as the version's latency settings say; probes
 * never wait.
 */
public final class ShopServer implements AutoCloseable {
  /** The response header that names the version that answered. */
  public static final String VERSION_HEADER = "X-Shop-Version";

  /** A checkout body larger than this is refused: the real ones are about 30 bytes. */
  private static final int MAX_BODY_BYTES = 16 * 1024;

  private static final int MAX_QUANTITY = 100;

  /** Connections waiting to be accepted; the JDK's default of 50 drops bursts from load tests. */
  private static final int BACKLOG = 1024;

  static {
    // The JDK server writes headers and body in two writes; with Nagle's algorithm on, the second
    // waits for the client's delayed ACK (up to 40 ms on Linux) and every latency would show it.
    // Read once, when the JDK's server classes load, so it is set before any server exists.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final ShopConfig config;
  private final Behaviour behaviour;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong checkouts = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;
  private boolean stopped;

  private ShopServer(ShopConfig config, HttpServer server, ExecutorService executor) {
    this.config = config;
    this.behaviour = new Behaviour(config);
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts the shop on 127.0.0.1.
   *
   * @param port the port to listen on, or 0 for any free one ({@link #port()} says which)
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static ShopServer start(ShopConfig config, int port) {
    HttpServer http;
    try {
      http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")", e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    ShopServer shop = new ShopServer(config, http, executor);
    http.createContext("/", shop::handle);
    http.setExecutor(executor);
    http.start();
    return shop;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public ShopConfig config() {
    return config;
  }

  /**
   * Shuts down gracefully: {@code /ready} answers 503 from now on, no new connection is accepted,
   * and requests in flight may finish for up to {@code shutdown.timeout.ms}. Returns once stopped;
   * calling it again does nothing.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    draining = true;
    // HttpServer.stop waits whole seconds, and returns as soon as no exchange is left.
    server.stop((int) Math.ceilDiv(config.shutdownTimeoutMs(), 1000));
    executor.shutdown();
    try {
      if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      Answer answer = answer(exchange);
      byte[] body = Json.write(answer.body()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set(VERSION_HEADER, config.version());
      answer.headers().forEach(exchange.getResponseHeaders()::set);
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  /** A status, extra headers and a JSON body (a map, written in its order). */
  private record Answer(int status, Map<String, String> headers, Map<String, Object> body) {
    Answer(int status, Map<String, Object> body) {
      this(status, Map.of(), body);
    }
  }

  private Answer answer(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/ready")) {
      return onlyGet(method, path, this::ready);
    }
    if (path.equals("/health")) {
      return onlyGet(method, path, this::health);
    }
    if (path.equals("/products") || path.startsWith("/products/")) {
      return onlyGet(method, path, () -> business(() -> products(path)));
    }
    if (path.equals("/checkout")) {
      if (!method.equals("POST")) {
        return notAllowed(method, path, "POST");
      }
      byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
      return business(() -> checkout(body));
    }
    return error(
        404, "no such path: " + path + " (the shop serves /products, /checkout, /ready, /health)");
  }

  /** Something that makes an answer; a lambda that may block. */
  private interface Step {
    Answer run();
  }

  private Answer onlyGet(String method, String path, Step step) {
    return method.equals("GET") ? step.run() : notAllowed(method, path, "GET");
  }

  private Answer notAllowed(String method, String path, String allowed) {
    Map<String, Object> body = body();
    body.put("error", method + " is not allowed on " + path + ": use " + allowed);
    return new Answer(405, Map.of("Allow", allowed), body);
  }

  /** A request that does the shop's work: counted in flight, and delayed as the version says. */
  private Answer business(Step step) {
    inFlight.incrementAndGet();
    try {
      long wait = behaviour.latencyNanos(requests.incrementAndGet());
      if (wait > 0) {
        Thread.sleep(Duration.ofNanos(wait));
      }
      return step.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(503, "interrupted while shutting down; try again");
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private Answer ready() {
    Map<String, Object> body = body();
    body.put("status", draining ? "draining" : "ready");
    return new Answer(draining ? 503 : 200, body);
  }

  private Answer health() {
    Map<String, Object> body = body();
    body.put("status", "ok");
    body.put("inFlight", inFlight.get());
    body.put("requests", requests.get());
    body.put("checkouts", checkouts.get());
    return new Answer(200, body);
  }

  private Answer products(String path) {
    if (path.equals("/products") || path.equals("/products/")) {
      Map<String, Object> body = body();
      body.put("products", Catalog.PRODUCTS.stream().map(Json::product).toList());
      return new Answer(200, body);
    }
    String id = path.substring("/products/".length());
    return productId(id)
        .flatMap(Catalog::find)
        .map(
            p -> {
              Map<String, Object> body = body();
              body.putAll(Json.product(p));
              return new Answer(200, body);
            })
        .orElseGet(() -> error(404, "no product " + id + ": GET /products lists them"));
  }

  private static Optional<Long> productId(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Answer checkout(byte[] raw) {
    String usage = "send {\"product\": ID, \"quantity\": N}";
    if (raw.length > MAX_BODY_BYTES) {
      return error(413, "request body is over " + MAX_BODY_BYTES + " bytes: " + usage);
    }
    Object parsed;
    try {
      parsed = Json.parse(new String(raw, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return error(400, "request body is not JSON (" + e.getMessage() + "): " + usage);
    }
    if (!(parsed instanceof Map<?, ?> fields)) {
      return error(400, "request body must be a JSON object: " + usage);
    }
    for (Object key : fields.keySet()) {
      if (!List.of("product", "quantity").contains(key)) {
        return error(400, "unknown field '" + key + "': " + usage);
      }
    }
    Long productId = whole(fields.get("product"));
    if (productId == null) {
      return error(
          400,
          "'product' must be a product id, got "
              + Json.write(fields.get("product"))
              + ": "
              + usage);
    }
    Long quantity = whole(fields.get("quantity"));
    if (quantity == null || quantity < 1 || quantity > MAX_QUANTITY) {
      return error(
          400,
          "'quantity' must be a whole number from 1 to "
              + MAX_QUANTITY
              + ", got "
              + Json.write(fields.get("quantity")));
    }
    var product = Catalog.find(productId);
    if (product.isEmpty()) {
      return error(400, "no product " + productId + ": GET /products lists them");
    }
    long n = checkouts.incrementAndGet();
    if (behaviour.checkoutFails(n)) {
      return error(
          500,
          "checkout failed: injected by checkout.failure.rate="
              + config.checkoutFailureRate()
              + " (this version fails that share of checkouts on purpose)");
    }
    Map<String, Object> body = body();
    body.put("orderId", "ord-" + config.version() + "-" + String.format("%06d", n));
    body.put("product", product.get().id());
    body.put("quantity", quantity);
    body.put("totalCents", product.get().priceCents() * quantity);
    return new Answer(201, body);
  }

  /** The value as a whole number if it is one that fits a long, else null. */
  private static Long whole(Object value) {
    if (value instanceof BigDecimal number) {
      try {
        return number.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  private Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", config.version());
    return body;
  }

  private Answer error(int status, String message) {
    Map<String, Object> body = body();
    body.put("error", message);
    return new Answer(status, body);
  }
}
