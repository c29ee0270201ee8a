package dev.conveyor.server.router;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.traffic.RoutingTable;
import dev.conveyor.core.traffic.RoutingTable.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A router with one fleet open on a loopback port, and a JDK HTTP/1.1 client pointed at it. */
final class RouterHarness implements AutoCloseable {
  static final FleetKey CHECKOUT = FleetKey.of("checkout", "production");

  /** Test defaults: two event loops, short timeouts so failures show quickly. */
  static RouterSettings settings() {
    return RouterSettings.defaults()
        .withEventLoopThreads(2)
        .withResponseTimeout(Duration.ofSeconds(5));
  }

  final HttpRouter router;
  final int port;
  final HttpClient client;

  RouterHarness(RouterSettings settings) {
    this(settings, List.of());
  }

  RouterHarness(RouterSettings settings, List<String> templates) {
    router = new HttpRouter(settings);
    port = router.open(CHECKOUT, 0, templates);
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Routes the fleet to {@code active} targets, with no shadows. */
  void route(Target... active) {
    router.update(CHECKOUT, new RoutingTable(List.of(active), List.of()));
  }

  /** Routes the fleet to {@code active} targets, mirroring to {@code shadows}. */
  void route(List<Target> active, List<Target> shadows) {
    router.update(CHECKOUT, new RoutingTable(active, shadows));
  }

  static Target active(String id, Endpoint endpoint, int weight) {
    return new Target(InstanceId.of(id), endpoint, weight);
  }

  static Target shadow(String id, Endpoint endpoint) {
    return new Target(InstanceId.of(id), endpoint, 0);
  }

  /** A loopback endpoint where nothing listens: connections to it are refused. */
  static Endpoint deadEndpoint() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return Endpoint.of("127.0.0.1", socket.getLocalPort());
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends raw bytes on a new connection and reads until the router closes it (5 s at most). */
  String raw(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** A window around now wide enough for any test. */
  static Instant from() {
    return Instant.now().minusSeconds(60);
  }

  static Instant to() {
    return Instant.now().plusSeconds(60);
  }

  @Override
  public void close() {
    client.shutdownNow();
    router.close();
  }
}
