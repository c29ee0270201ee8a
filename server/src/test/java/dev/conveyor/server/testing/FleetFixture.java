package dev.conveyor.server.testing;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.EventSummary;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.history.History;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.server.artifact.ArtifactArchive;
import dev.conveyor.server.artifact.ArtifactService;
import dev.conveyor.server.artifact.ArtifactStore;
import dev.conveyor.server.driver.LocalProcessDriver;
import dev.conveyor.server.fleet.FleetOperator;
import dev.conveyor.server.router.HttpRouter;
import dev.conveyor.server.router.RouterSettings;
import dev.conveyor.server.store.SqliteEventStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The embedded default's parts, assembled for a test in a temporary directory: a real history file,
 * artifact store, process driver, router and operator. Closing it drains and stops every instance.
 */
public final class FleetFixture implements AutoCloseable {
  public static final FleetKey FLEET = FleetKey.of("checkout", "production");
  public static final Actor ALICE = Actor.of("alice");
  public static final Causation CAUSE = Causation.command("test");

  public final Path dir;
  public final SqliteEventStore store;
  public final History history;
  public final ArtifactService artifacts;
  public final HttpRouter router;
  public final LocalProcessDriver driver;
  public final FleetOperator operator;
  private final HttpClient http = HttpClient.newHttpClient();

  public FleetFixture(Path dir) {
    this.dir = dir;
    store = SqliteEventStore.open(dir.resolve("history.db"), InstantSource.system());
    history = new History(store, 1000);
    ArtifactStore artifactStore =
        new ArtifactStore(dir.resolve("artifacts"), 1 << 20, ArtifactArchive.Limits.DEFAULT);
    artifacts = new ArtifactService(artifactStore, history);
    router = new HttpRouter(RouterSettings.defaults());
    driver =
        new LocalProcessDriver(
            new LocalProcessDriver.Settings(
                dir.resolve("instances"),
                // Realistic probes: a loaded 2-core machine must not fail healthy instances.
                Duration.ofMillis(500),
                3,
                Duration.ofSeconds(2),
                1 << 20,
                5),
            artifactStore);
    operator =
        new FleetOperator(
            history, driver, router, artifacts, new SplittableRandom(1), Duration.ofSeconds(5));
  }

  /**
   * Registers a TestInstanceMain artifact of checkout at {@code version}, run with {@code args}.
   */
  public ArtifactId push(String version, String readinessTimeout, String... args) {
    try {
      Path source = dir.resolve("src-" + version);
      Files.createDirectories(source);
      Files.writeString(
          source.resolve("conveyor.yaml"),
          TestInstances.manifest("checkout", version, readinessTimeout, args));
      Path packed = dir.resolve(version + ".tar.gz");
      ArtifactArchive.pack(source, packed);
      try (InputStream in = Files.newInputStream(packed)) {
        return artifacts.push(in, Optional.empty(), ALICE, CAUSE).artifact().id();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A request to the fleet through the router. */
  public HttpResponse<String> viaRouter(String path) throws IOException, InterruptedException {
    int port = history.current().exposure(FLEET).orElseThrow();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every event's one-line summary, oldest first. */
  public List<String> summaries() {
    return store.read(EventQuery.all(EventQuery.MAX_LIMIT)).stream()
        .map(e -> EventSummary.of(e.event()))
        .toList();
  }

  @Override
  public void close() {
    for (Instance instance : history.current().instances()) {
      try {
        operator.deactivate(instance.id(), "test over", ALICE, CAUSE);
      } catch (RuntimeException ignored) {
        // best effort: whatever is left dies with the driver's processes below
      }
    }
    operator.close();
    driver.close();
    router.close();
    store.close();
  }
}
