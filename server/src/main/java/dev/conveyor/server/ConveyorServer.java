package dev.conveyor.server;

import dev.conveyor.core.budget.BudgetThresholdSignal;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.history.History;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.replay.ReplaySet;
import dev.conveyor.core.score.ThresholdSignal;
import dev.conveyor.server.api.ArtifactRoutes;
import dev.conveyor.server.api.BudgetRoutes;
import dev.conveyor.server.api.CaptureRoutes;
import dev.conveyor.server.api.DeploymentRoutes;
import dev.conveyor.server.api.FleetRoutes;
import dev.conveyor.server.api.HttpApi;
import dev.conveyor.server.api.MetricsRoute;
import dev.conveyor.server.api.PipelineRoutes;
import dev.conveyor.server.api.Requests;
import dev.conveyor.server.api.RiskRoutes;
import dev.conveyor.server.artifact.ArtifactArchive;
import dev.conveyor.server.artifact.ArtifactService;
import dev.conveyor.server.artifact.ArtifactStore;
import dev.conveyor.server.budget.AlertWebhooks;
import dev.conveyor.server.budget.BudgetService;
import dev.conveyor.server.budget.BurnWatch;
import dev.conveyor.server.budget.ExposureWatch;
import dev.conveyor.server.budget.MinuteRecorder;
import dev.conveyor.server.budget.MinuteStore;
import dev.conveyor.server.budget.ObjectiveMinutes;
import dev.conveyor.server.deploy.DeploymentController;
import dev.conveyor.server.deploy.LiveVerifier;
import dev.conveyor.server.driver.LocalProcessDriver;
import dev.conveyor.server.fleet.FleetOperator;
import dev.conveyor.server.pipeline.EvidenceStore;
import dev.conveyor.server.pipeline.LiveValidations;
import dev.conveyor.server.pipeline.PipelineService;
import dev.conveyor.server.router.HttpRouter;
import dev.conveyor.server.router.RouterSettings;
import dev.conveyor.server.store.SqliteEventStore;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control-plane process on the embedded default: SQLite history, artifact store, instances as
 * local processes, the built-in router, and the REST API. {@link #start} assembles it (and
 * reconciles the history with the processes that still run); {@link #close} takes it apart.
 */
public final class ConveyorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConveyorServer.class);

  private final ServerSettings settings;
  private final List<AutoCloseable> parts;
  private final DataDirectory data;
  private final History history;
  private final ArtifactService artifacts;
  private final HttpRouter router;
  private final FleetOperator operator;
  private final DeploymentController deployments;
  private final Javalin http;

  private ConveyorServer(
      ServerSettings settings,
      List<AutoCloseable> parts,
      DataDirectory data,
      History history,
      ArtifactService artifacts,
      HttpRouter router,
      FleetOperator operator,
      DeploymentController deployments,
      Javalin http) {
    this.settings = settings;
    this.parts = parts;
    this.data = data;
    this.history = history;
    this.artifacts = artifacts;
    this.router = router;
    this.operator = operator;
    this.deployments = deployments;
    this.http = http;
  }

  /** Opens the data directory and starts serving; on any failure, releases what it took. */
  public static ConveyorServer start(ServerSettings settings, InstantSource clock) {
    List<AutoCloseable> parts = new ArrayList<>(); // closed in reverse order
    DataDirectory data = DataDirectory.open(settings.data());
    parts.add(data);
    try {
      SqliteEventStore store = SqliteEventStore.open(data.historyFile(), clock);
      parts.add(store);
      History history = new History(store, settings.snapshotInterval());
      ArtifactStore artifactStore =
          new ArtifactStore(
              data.artifacts(), settings.maxArtifactBytes(), ArtifactArchive.Limits.DEFAULT);
      ArtifactService artifacts = new ArtifactService(artifactStore, history);
      HttpRouter router = new HttpRouter(RouterSettings.defaults());
      parts.add(router);
      LocalProcessDriver driver =
          new LocalProcessDriver(
              LocalProcessDriver.Settings.defaults(data.instances()), artifactStore);
      parts.add(driver);
      SecureRandom random = new SecureRandom();
      FleetOperator operator =
          new FleetOperator(history, driver, router, artifacts, random, settings.stopGrace());
      parts.add(operator);
      operator.reconcile();
      LiveVerifier verifier =
          new LiveVerifier(
              router,
              (fleet, instance) -> {
                var stats = router.shadowStats(fleet, instance);
                return new LiveVerifier.ShadowCounts(stats.compared(), stats.differing());
              },
              clock);
      DeploymentController deployments =
          new DeploymentController(history, operator, verifier, clock);
      parts.add(deployments);
      deployments.recover();

      // The last environment is production: what staging compares with, budgets count, deploys go.
      EnvironmentName production = settings.pipeline().stages().getLast().environment();
      MinuteStore minutes = MinuteStore.open(data.metricsFile());
      parts.add(minutes);
      MinuteRecorder recorder =
          new MinuteRecorder(
              history,
              router,
              minutes,
              settings.slos().latencyThresholds(),
              settings.slos().retention(),
              clock);
      parts.add(recorder);
      recorder.start();
      BudgetService budgets =
          new BudgetService(
              settings.slos(), new ObjectiveMinutes(recorder::read), history, production, clock);
      ThresholdSignal budgetSignal = ThresholdSignal.NONE;
      if (!settings.slos().services().isEmpty()) {
        deployments.guardWith(budgets);
        AlertWebhooks webhooks = new AlertWebhooks(settings.slos().webhooks());
        parts.add(webhooks);
        BurnWatch watch = new BurnWatch(history, budgets, deployments, production, webhooks);
        parts.add(watch);
        watch.start();
        if (settings.slos().policy().capsExposure()) {
          ExposureWatch exposure = new ExposureWatch(history, budgets, deployments, clock);
          parts.add(exposure);
          exposure.start();
        }
        budgetSignal = new BudgetThresholdSignal(settings.slos().policy(), budgets::remaining);
      }
      PipelineService pipeline =
          new PipelineService(
              history,
              artifacts,
              settings.pipeline(),
              clock,
              new EvidenceStore(data.evidence()),
              new LiveValidations(
                  history,
                  operator,
                  production,
                  id -> data.instances().resolve(id.value()).resolve("app"),
                  fleet ->
                      router
                          .capture(fleet)
                          .filter(c -> !c.requests().isEmpty())
                          .map(c -> new ReplaySet(c.requests())),
                  Path.of("").toAbsolutePath()),
              budgetSignal,
              deployments);
      parts.add(pipeline);
      pipeline.recover();

      Requests requests = new Requests(random);
      HttpApi api =
          new HttpApi(
              history,
              new ArtifactRoutes(artifacts, requests),
              new FleetRoutes(operator, artifacts, history, requests),
              new DeploymentRoutes(deployments, artifacts, history, requests),
              new PipelineRoutes(pipeline, requests),
              new RiskRoutes(history),
              new BudgetRoutes(budgets),
              new MetricsRoute(router, store, history),
              new CaptureRoutes(router));
      Javalin http =
          Javalin.create(
              config -> {
                config.jetty.host = settings.host();
                config.jetty.port = settings.port();
                config.startup.showJavalinBanner = false;
                api.configure(config);
              });
      http.start();
      return new ConveyorServer(
          settings, parts, data, history, artifacts, router, operator, deployments, http);
    } catch (RuntimeException e) {
      closeAll(parts);
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

  public HttpRouter router() {
    return router;
  }

  public FleetOperator operator() {
    return operator;
  }

  public DeploymentController deployments() {
    return deployments;
  }

  public DataDirectory data() {
    return data;
  }

  /**
   * Stops serving. Instances keep running, to be re-adopted by the next start, unless the settings
   * say to stop them: then each is deactivated the ordinary way (drained, stopped, recorded).
   */
  @Override
  public void close() {
    http.stop();
    deployments.close();
    if (settings.stopInstancesOnClose()) {
      for (Instance instance : history.current().instances()) {
        try {
          operator.deactivate(
              instance.id(), "server shutting down", Actor.CONVEYOR, Causation.system("shutdown"));
        } catch (RuntimeException e) {
          LOG.warn("could not stop instance {} on shutdown: {}", instance.id(), e.getMessage());
        }
      }
    }
    closeAll(parts);
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", parts.get(i).getClass().getSimpleName(), e.toString());
      }
    }
  }
}
