package dev.conveyor.server.load;

import dev.conveyor.core.Preconditions;

/**
 * One kind of request in a load {@link Mix}: method, path (with any query) and body, and its weight
 * among the others.
 *
 * @param body sent as is; empty for none. A body that starts with '{' or '[' is sent as JSON.
 * @param weight how many of every {@link Mix#totalWeight()} requests are of this kind
 */
public record RequestTemplate(String method, String path, String body, int weight) {
  /** The largest weight: a million parts leaves room to sum many entries in an int. */
  public static final int MAX_WEIGHT = 1_000_000;

  public RequestTemplate {
    Preconditions.present(method, "method");
    Preconditions.present(path, "path");
    Preconditions.present(body, "body");
    Preconditions.check(
        !method.isEmpty() && method.chars().allMatch(c -> c >= 'A' && c <= 'Z'),
        "'%s' is not an HTTP method: write it in capitals, such as GET or POST",
        method);
    Preconditions.check(path.startsWith("/"), "the path '%s' must start with '/'", path);
    Preconditions.check(
        weight >= 1 && weight <= MAX_WEIGHT,
        "the weight must be a whole number from 1 to %s, got %s",
        MAX_WEIGHT,
        weight);
  }

  public static RequestTemplate of(String method, String path) {
    return new RequestTemplate(method, path, "", 1);
  }

  public RequestTemplate withBody(String newBody) {
    return new RequestTemplate(method, path, newBody, weight);
  }

  public RequestTemplate withWeight(int newWeight) {
    return new RequestTemplate(method, path, body, newWeight);
  }

  /** Whether the body is sent with {@code Content-Type: application/json}. */
  public boolean jsonBody() {
    String start = body.stripLeading();
    return start.startsWith("{") || start.startsWith("[");
  }

  /** The template in {@link Mix} syntax: {@code 2 POST /checkout {"product":1}}. */
  @Override
  public String toString() {
    return weight + " " + method + " " + path + (body.isEmpty() ? "" : " " + body);
  }
}
