package dev.conveyor.server.replay;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.replay.ObservedResponse;
import dev.conveyor.core.replay.RecordedRequest;
import dev.conveyor.core.replay.ReplaySet;
import dev.conveyor.core.replay.ResponseShape;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a replay set to one instance over HTTP, one request after another in the set's order, and
 * notes what came back: status, body shape and time. A request that gets no answer (refused, reset,
 * timed out) is observed with status 0 and the replay goes on, since a candidate that drops
 * requests is exactly what the flow measure must see.
 */
public final class Replayer implements AutoCloseable {
  /** Per request: the shop answers in milliseconds; a replay must not hang on a stuck instance. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient client;
  private final Duration timeout;

  public Replayer(Duration timeout) {
    Preconditions.check(
        timeout != null && !timeout.isNegative() && !timeout.isZero(),
        "a replay's request timeout must be positive, got %s",
        timeout);
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public Replayer() {
    this(DEFAULT_TIMEOUT);
  }

  /** Sends every request of {@code set} to {@code target}, in order; one observation each. */
  public List<ObservedResponse> replay(ReplaySet set, Endpoint target) {
    List<ObservedResponse> observed = new ArrayList<>(set.size());
    for (RecordedRequest request : set.requests()) {
      observed.add(send(request, target));
    }
    return observed;
  }

  /** Sends one request and observes its answer; status 0 when none came. */
  ObservedResponse send(RecordedRequest request, Endpoint target) {
    HttpRequest http = request(request, target, timeout);
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(http, HttpResponse.BodyHandlers.ofString());
      long nanos = System.nanoTime() - start;
      String type = response.headers().firstValue("content-type").orElse(null);
      return new ObservedResponse(
          request, response.statusCode(), ResponseShape.of(type, response.body()), nanos);
    } catch (IOException noAnswer) {
      return ObservedResponse.none(request, System.nanoTime() - start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while replaying " + request, e);
    }
  }

  /** The HTTP request for a recorded one, aimed at {@code target}. */
  static HttpRequest request(RecordedRequest request, Endpoint target, Duration timeout) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://" + target + request.target()))
            .timeout(timeout)
            .method(
                request.method(),
                request.body().isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body()));
    request.headers().forEach(builder::header);
    return builder.build();
  }

  @Override
  public void close() {
    client.close();
  }
}
