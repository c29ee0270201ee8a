package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The CLI's way to the server's REST API. Every failure becomes a {@link CliException} with one
 * line for a person: no server, a refusal with the server's own message, or a server failure.
 */
public final class ApiClient {
  public static final String DEFAULT_SERVER = "http://127.0.0.1:7070";

  private final URI base;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final String actor;

  public ApiClient(URI base, String actor) {
    this.base = base;
    this.actor = actor;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The server named by {@code --server}, else {@code CONVEYOR_SERVER}, else the local default. */
  public static URI resolveServer(String option) {
    String value = option;
    if (value == null || value.isBlank()) {
      value = System.getenv("CONVEYOR_SERVER");
    }
    if (value == null || value.isBlank()) {
      value = DEFAULT_SERVER;
    }
    try {
      URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCode.USAGE, "'" + value + "' is not a server URL; give one like " + DEFAULT_SERVER);
    }
  }

  public URI base() {
    return base;
  }

  /** GET {@code path} with the given query parameters (null values are left out). */
  public JsonNode get(String path, Map<String, ?> query) {
    return send(request(path, query).GET().build());
  }

  public JsonNode get(String path) {
    return get(path, Map.of());
  }

  /** POST a JSON body to {@code path}. */
  public JsonNode post(String path, Object body) {
    return sendJson("POST", path, body);
  }

  /** DELETE {@code path}; the answer's body, or null when it has none (204). */
  public JsonNode delete(String path) {
    return send(request(path, Map.of()).DELETE().build());
  }

  /** PUT a JSON body to {@code path}. */
  public JsonNode put(String path, Object body) {
    return sendJson("PUT", path, body);
  }

  private JsonNode sendJson(String method, String path, Object body) {
    try {
      return send(
          request(path, Map.of())
              .header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
              .build());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException(ExitCode.FAILED, "cannot write a request body: " + e.getMessage(), e);
    }
  }

  /** POST a file's bytes to {@code path} with extra headers. */
  public JsonNode postFile(
      String path, Path file, String contentType, Map<String, String> headers) {
    try {
      HttpRequest.Builder builder =
          request(path, Map.of())
              .header("Content-Type", contentType)
              .POST(HttpRequest.BodyPublishers.ofFile(file));
      headers.forEach(builder::header);
      return send(builder.build());
    } catch (java.io.FileNotFoundException e) {
      throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * {@code POST /api/artifacts}: packs a directory reproducibly (or takes a {@code .tar.gz}) and
   * uploads it with its digest, which the server checks. Returns the server's answer ({@code
   * artifact}, {@code created}).
   */
  public JsonNode pushArtifact(Path source) {
    if (!java.nio.file.Files.exists(source)) {
      throw new CliException(ExitCode.USAGE, source + " does not exist");
    }
    Path packed = null;
    try {
      Path upload = source;
      dev.conveyor.core.artifact.ArtifactId id;
      try {
        if (java.nio.file.Files.isDirectory(source)) {
          packed = java.nio.file.Files.createTempFile("conveyor-artifact-", ".tar.gz");
          id = dev.conveyor.server.artifact.ArtifactArchive.pack(source, packed);
          upload = packed;
        } else {
          id = dev.conveyor.server.artifact.ArtifactArchive.digest(source);
        }
      } catch (dev.conveyor.core.ConveyorException e) {
        throw new CliException(ExitCode.USAGE, e.getMessage(), e);
      }
      return postFile(
          "/api/artifacts",
          upload,
          "application/gzip",
          Map.of(dev.conveyor.server.api.ArtifactRoutes.DIGEST_HEADER, id.value()));
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "cannot pack " + source + ": " + e.getMessage(), e);
    } finally {
      if (packed != null) {
        try {
          java.nio.file.Files.deleteIfExists(packed);
        } catch (IOException ignored) {
          // a temporary file
        }
      }
    }
  }

  private HttpRequest.Builder request(String path, Map<String, ?> query) {
    StringJoiner params = new StringJoiner("&", "?", "").setEmptyValue("");
    new LinkedHashMap<>(query)
        .forEach(
            (key, value) -> {
              if (value != null) {
                params.add(
                    URLEncoder.encode(key, StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
              }
            });
    return HttpRequest.newBuilder(URI.create(base + path + params))
        .timeout(Duration.ofMinutes(5))
        .header("Accept", "application/json")
        .header("Conveyor-Actor", actor);
  }

  private JsonNode send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new CliException(
          ExitCode.UNREACHABLE,
          "no Conveyor server answers at "
              + base
              + " ("
              + (e instanceof ConnectException ? "connection refused" : "connection timed out")
              + "); start one with 'conveyor server', or point --server or CONVEYOR_SERVER at a"
              + " running one",
          e);
    } catch (IOException e) {
      throw new CliException(
          ExitCode.UNREACHABLE,
          "the Conveyor server at " + base + " did not answer properly: " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.FAILED, "interrupted", e);
    }
    JsonNode body = parse(response);
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return body;
    }
    String message =
        body != null && body.hasNonNull("message")
            ? body.get("message").asText()
            : "the server answered " + status + " to " + request.method() + " " + request.uri();
    throw new CliException(status >= 500 ? ExitCode.FAILED : ExitCode.REFUSED, message);
  }

  private JsonNode parse(HttpResponse<String> response) {
    String text = response.body();
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (IOException e) {
      if (response.statusCode() >= 200 && response.statusCode() < 300) {
        throw new CliException(
            ExitCode.FAILED,
            "the server at " + base + " answered with something that is not JSON; is it Conveyor?");
      }
      return null;
    }
  }

  /** Pretty-printed JSON, for {@code --output json}. */
  public String pretty(JsonNode node) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILED, "cannot print JSON: " + e.getMessage(), e);
    }
  }
}
