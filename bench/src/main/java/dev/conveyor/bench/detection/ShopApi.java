package dev.conveyor.bench.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.server.api.ArtifactRoutes;
import dev.conveyor.server.api.Requests;
import dev.conveyor.server.artifact.ArtifactArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The live run's way to the Conveyor server: its REST API, as the CLI uses it ({@code conveyor
 * artifact push}, {@code fleet expose}, {@code deploy}, {@code deployment show}, {@code rollback}).
 */
final class ShopApi {
  private static final String ACTOR = "bench-detection";

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  ShopApi(URI base) {
    this.base = base;
  }

  /** Packs an artifact directory reproducibly and registers it; returns its id. */
  ArtifactId push(Path directory) {
    Path packed = null;
    try {
      packed = Files.createTempFile("conveyor-bench-artifact-", ".tar.gz");
      ArtifactId id = ArtifactArchive.pack(directory, packed);
      JsonNode answer =
          send(
              HttpRequest.newBuilder(base.resolve("/api/artifacts"))
                  .header(ArtifactRoutes.DIGEST_HEADER, id.value())
                  .header("Content-Type", "application/gzip")
                  .POST(HttpRequest.BodyPublishers.ofFile(packed)));
      return ArtifactId.of(answer.get("artifact").get("id").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (packed != null) {
        try {
          Files.deleteIfExists(packed);
        } catch (IOException ignored) {
          // a temporary file left behind
        }
      }
    }
  }

  /** Serves the fleet through the router on any free port; returns the port. */
  int expose(String service, String environment) {
    return send(HttpRequest.newBuilder(
                base.resolve("/api/fleets/" + service + "/" + environment + "/exposure"))
            .header("Content-Type", "application/json")
            .PUT(body(Map.of("port", 0))))
        .get("port")
        .asInt();
  }

  /** {@code POST /api/deployments}: starts a deployment; returns its id. */
  String deploy(Map<String, Object> request) {
    return send(HttpRequest.newBuilder(base.resolve("/api/deployments"))
            .header("Content-Type", "application/json")
            .POST(body(request)))
        .get("id")
        .asText();
  }

  /** {@code POST /api/fleets/{service}/{environment}/rollback}; returns the rollback's id. */
  String rollback(String service, String environment, String reason) {
    return send(HttpRequest.newBuilder(
                base.resolve("/api/fleets/" + service + "/" + environment + "/rollback"))
            .header("Content-Type", "application/json")
            .POST(body(Map.of("reason", reason))))
        .get("id")
        .asText();
  }

  /** {@code GET /api/deployments/{id}}: the deployment with every step's story. */
  JsonNode deployment(String id) {
    return send(HttpRequest.newBuilder(base.resolve("/api/deployments/" + id)).GET());
  }

  /** Polls the deployment until it has finished; returns it as finished. */
  JsonNode awaitFinished(String id, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode d = deployment(id);
      if (d.hasNonNull("finished")) {
        return d;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "deployment " + id + " did not finish within " + timeout + ": " + d);
      }
      Thread.sleep(200);
    }
  }

  private HttpRequest.BodyPublisher body(Object value) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response =
          http.send(
              request
                  .header(Requests.ACTOR_HEADER, ACTOR)
                  .header("Accept", "application/json")
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      JsonNode answer = json.readTree(response.body());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            "the server answered "
                + response.statusCode()
                + " to "
                + response.request().method()
                + " "
                + response.request().uri().getPath()
                + ": "
                + answer);
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
