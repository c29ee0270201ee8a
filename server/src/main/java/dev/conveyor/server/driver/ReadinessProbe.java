package dev.conveyor.server.driver;

import dev.conveyor.core.instance.Endpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** One HTTP GET of an instance's readiness path: ready on any 2xx. */
final class ReadinessProbe {
  private final HttpClient http;
  private final Duration timeout;

  ReadinessProbe(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The outcome of one check: ready, or why not in a few words. */
  record Outcome(boolean ready, String detail) {}

  Outcome check(Endpoint endpoint, String path) {
    URI uri = URI.create("http://" + endpoint + path);
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      return new Outcome(status >= 200 && status < 300, "GET " + uri + " → " + status);
    } catch (ConnectException e) {
      return new Outcome(false, "GET " + uri + ": connection refused");
    } catch (HttpConnectTimeoutException e) {
      return new Outcome(
          false, "GET " + uri + ": connect timed out after " + timeout.toMillis() + " ms");
    } catch (HttpTimeoutException e) {
      return new Outcome(false, "GET " + uri + ": no answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return new Outcome(
          false, "GET " + uri + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(false, "GET " + uri + ": interrupted");
    }
  }
}
