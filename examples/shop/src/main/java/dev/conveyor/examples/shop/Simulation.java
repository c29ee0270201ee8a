package dev.conveyor.examples.shop;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small standard data set of orders placed against a running shop, one {@code POST /checkout}
 * each, in order: the pipeline's simulation measure. Each order that is not settled (answered 201)
 * is one line of output; the last line sums up, e.g. {@code 57 of 60 orders settled; 3 failed: POST
 * /checkout 500 (3×)}.
 */
final class Simulation {
  /** The standard data set, packaged in the jar: 60 orders over the five products. */
  static final String STANDARD_ORDERS = "standard-orders.json";

  /**
   * Sixty orders, because v2 (checkout.failure.rate=0.05, seed=1) fails checkouts 3, 23 and 35 of a
   * fresh instance: a data set of 60 fails it three times, the same way every run.
   */
  static final int STANDARD_SIZE = 60;

  /** One request may take this long; the slowest packaged version answers in about 20 ms. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final String ORDER_USAGE =
      "a data set is a JSON array of orders such as [{\"product\": 1, \"quantity\": 2}]";

  /** One order: a product id and a quantity, as {@code POST /checkout} takes them. */
  record Order(long product, long quantity) {
    String json() {
      return "{\"product\": " + product + ", \"quantity\": " + quantity + "}";
    }
  }

  /** What a run came to: how many orders there were and why each unsettled one failed. */
  record Outcome(int orders, List<String> failures) {
    Outcome {
      failures = List.copyOf(failures);
    }

    boolean settled() {
      return failures.isEmpty();
    }

    /** {@code 60 of 60 orders settled}, or with the failures counted by kind, most common first. */
    String summary() {
      String settled = (orders - failures.size()) + " of " + orders + " orders settled";
      if (failures.isEmpty()) {
        return settled;
      }
      Map<String, Integer> byKind = new LinkedHashMap<>();
      failures.forEach(kind -> byKind.merge(kind, 1, Integer::sum));
      List<String> kinds =
          byKind.entrySet().stream()
              .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
              .map(e -> e.getKey() + " (" + e.getValue() + "×)")
              .toList();
      return settled + "; " + failures.size() + " failed: " + String.join(", ", kinds);
    }
  }

  private Simulation() {}

  /** The standard data set from the jar. */
  static List<Order> standardOrders() {
    try (InputStream in = Simulation.class.getResourceAsStream(STANDARD_ORDERS)) {
      if (in == null) {
        throw new IllegalStateException(STANDARD_ORDERS + " is missing from the shop's jar");
      }
      return readOrders(new String(in.readAllBytes(), StandardCharsets.UTF_8), STANDARD_ORDERS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The orders in a data set.
   *
   * @param name how errors name the data set, usually its file name
   * @throws ShopConfigException saying which order is wrong and how
   */
  static List<Order> readOrders(String text, String name) {
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ShopConfigException(name + " is not JSON (" + e.getMessage() + "); " + ORDER_USAGE);
    }
    if (!(parsed instanceof List<?> items) || items.isEmpty()) {
      throw new ShopConfigException(
          name + " must be a non-empty JSON array of orders; " + ORDER_USAGE);
    }
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String where = name + ": order " + (i + 1);
      if (!(items.get(i) instanceof Map<?, ?> fields)) {
        throw new ShopConfigException(where + " is not a JSON object; " + ORDER_USAGE);
      }
      orders.add(new Order(whole(fields, "product", where), whole(fields, "quantity", where)));
    }
    return List.copyOf(orders);
  }

  private static long whole(Map<?, ?> fields, String key, String where) {
    if (fields.get(key) instanceof BigDecimal number) {
      try {
        return number.longValueExact();
      } catch (ArithmeticException e) {
        // reported below
      }
    }
    throw new ShopConfigException(
        where
            + " needs '"
            + key
            + "' as a whole number, got "
            + Json.write(fields.get(key))
            + "; "
            + ORDER_USAGE);
  }

  /**
   * Places {@code orders} against the shop at {@code target}, one line on {@code out} per failure.
   */
  static Outcome run(URI target, List<Order> orders, HttpClient client, PrintStream out) {
    URI checkout = target.resolve("/checkout");
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      Order order = orders.get(i);
      HttpRequest request =
          HttpRequest.newBuilder(checkout)
              .timeout(REQUEST_TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(order.json()))
              .build();
      String kind;
      String detail;
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 201) {
          continue;
        }
        kind = "POST /checkout " + response.statusCode();
        detail = error(response.body());
      } catch (ConnectException e) {
        kind = "POST /checkout: connection refused";
        detail = "nothing listens on " + checkout;
      } catch (HttpTimeoutException e) {
        kind = "POST /checkout: timed out";
        detail = "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
      } catch (IOException e) {
        kind = "POST /checkout: " + e.getClass().getSimpleName();
        detail = String.valueOf(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted at order " + (i + 1), e);
      }
      failures.add(kind);
      out.println(
          "order "
              + (i + 1)
              + " (product "
              + order.product()
              + " × "
              + order.quantity()
              + ") failed: "
              + kind
              + ": "
              + detail);
    }
    return new Outcome(orders.size(), failures);
  }

  /** The shop's {@code "error"} message from an answer's body, else the body itself. */
  private static String error(String body) {
    try {
      if (Json.parse(body) instanceof Map<?, ?> fields && fields.get("error") instanceof String e) {
        return e;
      }
    } catch (IllegalArgumentException e) {
      // not the shop's JSON: show it as it is
    }
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }
}
