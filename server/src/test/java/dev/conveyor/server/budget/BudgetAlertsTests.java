package dev.conveyor.server.budget;

import static dev.conveyor.server.testing.FleetFixture.ALICE;
import static dev.conveyor.server.testing.FleetFixture.CAUSE;
import static dev.conveyor.server.testing.FleetFixture.FLEET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.budget.BurnWindow.Level;
import dev.conveyor.core.budget.SloConfig;
import dev.conveyor.core.event.BudgetAlerted;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.server.deploy.DeploymentController;
import dev.conveyor.server.deploy.StepVerifier;
import dev.conveyor.server.testing.FleetFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budget alerts: real failing requests through the real router, read live (the running minute from
 * the router's meters, earlier ones from the store), become a {@code budget_alerted} event once per
 * change of level — also across a restart of the watch — and reach a real webhook, retried when it
 * fails at first.
 */
class BudgetAlertsTests {
  private static final SloConfig SLOS =
      SloConfig.parse(
          """
          services:
            checkout:
              window: 1h
              objectives:
                - {name: availability, kind: availability, target: 99.9%}
          """,
          "slos.yaml");

  @TempDir Path dir;
  private FleetFixture fleet;
  private DeploymentController controller;
  private MinuteStore store;
  private MinuteRecorder recorder;
  private HttpServer hook;
  private AlertWebhooks webhooks;
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

  @BeforeEach
  void setUp() throws IOException {
    fleet = new FleetFixture(dir);
    StepVerifier none =
        request -> {
          throw new AssertionError("no verify step here");
        };
    controller =
        new DeploymentController(fleet.history, fleet.operator, none, InstantSource.system());
    store = MinuteStore.open(dir.resolve("metrics.db"));
    recorder =
        new MinuteRecorder(
            fleet.history,
            fleet.router,
            store,
            SLOS.latencyThresholds(),
            SLOS.retention(),
            InstantSource.system());
    hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    ObjectMapper json = new ObjectMapper();
    hook.createContext(
        "/alerts",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          // The first post fails: the sender must try again.
          int status = posts.incrementAndGet() == 1 ? 503 : 204;
          if (status == 204) {
            received.add(json.readTree(new String(body, StandardCharsets.UTF_8)));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    hook.start();
    webhooks =
        new AlertWebhooks(
            List.of(
                java.net.URI.create(
                    "http://127.0.0.1:" + hook.getAddress().getPort() + "/alerts")));
  }

  @AfterEach
  void tearDown() {
    webhooks.close();
    hook.stop(0);
    recorder.close();
    store.close();
    controller.close();
    fleet.close();
  }

  private BurnWatch watch() {
    BudgetService budgets =
        new BudgetService(
            SLOS,
            new ObjectiveMinutes(recorder::read),
            fleet.history,
            EnvironmentName.PRODUCTION,
            () -> Instant.now().plus(ahead.get()));
    return new BurnWatch(fleet.history, budgets, controller, EnvironmentName.PRODUCTION, webhooks);
  }

  private List<BudgetAlerted> alerts() {
    return fleet.store.read(EventQuery.all(EventQuery.MAX_LIMIT)).stream()
        .map(RecordedEvent::event)
        .filter(BudgetAlerted.class::isInstance)
        .map(BudgetAlerted.class::cast)
        .toList();
  }

  @Test
  void aSpentBudget_alertsOnce_evenAcrossARestart_reachesTheWebhook_andResolves() throws Exception {
    ArtifactId v1 = fleet.push("v1", "20s", "fail-rate=0.5");
    InstanceId id = fleet.operator.launch(FLEET, v1, ALICE, CAUSE);
    fleet.operator.change(id, ActivationState.ACTIVE, 10_000, "serve", ALICE, CAUSE);
    int failed = 0;
    for (int i = 0; i < 40; i++) {
      if (fleet.viaRouter("/same").statusCode() == 500) {
        failed++;
      }
    }
    assertThat(failed).isPositive();
    Thread.sleep(2_100); // the router files a second up to 2 s after it ends

    // Nothing recorded to the store yet: the budget sees the running minute live.
    BurnWatch watch = watch();
    watch.check();
    assertThat(alerts()).hasSize(1);
    BudgetAlerted alert = alerts().get(0);
    assertThat(alert.level()).isEqualTo(Level.EXHAUSTED);
    assertThat(alert.previous()).isEqualTo(Level.OK);
    assertThat(alert.reason())
        .startsWith("the budget is exhausted: " + failed + " bad of 0.0 allowed (40 events)");

    watch.check();
    assertThat(alerts()).hasSize(1); // the same level is not announced again

    // Minutes recorded meanwhile are read from the store, not counted twice.
    Instant thisMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    recorder.recordMinute(thisMinute.minus(Duration.ofMinutes(1)));
    recorder.recordMinute(thisMinute);
    watch().check(); // as after a restart: the last level is read back from the history
    assertThat(alerts()).hasSize(1);

    JsonNode posted = received.poll(20, TimeUnit.SECONDS);
    assertThat(posted).isNotNull();
    assertThat(posts.get()).isEqualTo(2); // refused once, then delivered
    assertThat(posted.get("event").get("type").asText()).isEqualTo("budget_alerted");
    assertThat(posted.get("event").get("level").asText()).isEqualTo("exhausted");
    assertThat(posted.get("actor").asText()).isEqualTo("conveyor");
    assertThat(posted.get("text").asText())
        .startsWith("budget alert of checkout/availability: exhausted (was ok): the budget is");

    // Two hours on, the bad minutes have left the 1-hour window but not the 3-day and 6-hour
    // ones of the slow-burn ticket; seven hours on they have left the 6-hour one too: resolved.
    ahead.set(Duration.ofHours(2));
    watch.check();
    assertThat(alerts()).hasSize(2);
    assertThat(alerts().get(1).level()).isEqualTo(Level.TICKET);
    assertThat(alerts().get(1).previous()).isEqualTo(Level.EXHAUSTED);
    assertThat(alerts().get(1).reason()).contains("(ticket at 3d & 6h ≥ 1×)");
    ahead.set(Duration.ofHours(7));
    watch.check();
    assertThat(alerts()).hasSize(3);
    assertThat(alerts().get(2).level()).isEqualTo(Level.OK);
    assertThat(received.poll(20, TimeUnit.SECONDS).get("event").get("level").asText())
        .isEqualTo("ticket");
    JsonNode resolved = received.poll(20, TimeUnit.SECONDS);
    assertThat(resolved.get("text").asText())
        .isEqualTo(
            "budget alert of checkout/availability resolved (was ticket): 100.0% of the budget"
                + " left; no burn-rate alert fires");
  }
}
