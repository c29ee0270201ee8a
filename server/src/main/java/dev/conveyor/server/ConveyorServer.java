package dev.conveyor.server;

import dev.conveyor.core.history.History;
import dev.conveyor.server.api.ArtifactRoutes;
import dev.conveyor.server.api.HttpApi;
import dev.conveyor.server.api.Requests;
import dev.conveyor.server.artifact.ArtifactArchive;
import dev.conveyor.server.artifact.ArtifactService;
import dev.conveyor.server.artifact.ArtifactStore;
import dev.conveyor.server.store.SqliteEventStore;
import io.javalin.Javalin;
import java.net.URI;
import java.security.SecureRandom;
import java.time.InstantSource;

/**
 * The control-plane process on the embedded default: SQLite history and artifact store in a data
 * directory, the REST API on one port. {@link #start} assembles it; {@link #close} takes it apart.
 */
public final class ConveyorServer implements AutoCloseable {
  private final ServerSettings settings;
  private final DataDirectory data;
  private final SqliteEventStore store;
  private final History history;
  private final ArtifactService artifacts;
  private final Javalin http;

  private ConveyorServer(
      ServerSettings settings,
      DataDirectory data,
      SqliteEventStore store,
      History history,
      ArtifactService artifacts,
      Javalin http) {
    this.settings = settings;
    this.data = data;
    this.store = store;
    this.history = history;
    this.artifacts = artifacts;
    this.http = http;
  }

  /** Opens the data directory and starts serving; on any failure, releases what it took. */
  public static ConveyorServer start(ServerSettings settings, InstantSource clock) {
    DataDirectory data = DataDirectory.open(settings.data());
    SqliteEventStore store = null;
    try {
      store = SqliteEventStore.open(data.historyFile(), clock);
      History history = new History(store, settings.snapshotInterval());
      ArtifactService artifacts =
          new ArtifactService(
              new ArtifactStore(
                  data.artifacts(), settings.maxArtifactBytes(), ArtifactArchive.Limits.DEFAULT),
              history);
      Requests requests = new Requests(new SecureRandom());
      HttpApi api = new HttpApi(history, new ArtifactRoutes(artifacts, requests));
      Javalin http =
          Javalin.create(
              config -> {
                config.jetty.host = settings.host();
                config.jetty.port = settings.port();
                config.startup.showJavalinBanner = false;
                api.configure(config);
              });
      http.start();
      return new ConveyorServer(settings, data, store, history, artifacts, http);
    } catch (RuntimeException e) {
      if (store != null) {
        store.close();
      }
      data.close();
      throw e;
    }
  }

  /** The port the API listens on (useful when the settings asked for any free port). */
  public int port() {
    return http.port();
  }

  public URI url() {
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    return URI.create("http://" + host + ":" + port());
  }

  public History history() {
    return history;
  }

  public ArtifactService artifacts() {
    return artifacts;
  }

  public DataDirectory data() {
    return data;
  }

  @Override
  public void close() {
    http.stop();
    store.close();
    data.close();
  }
}
