package dev.conveyor.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.EventSummary;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.history.History;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceFailedException;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.server.router.HttpRouter;
import dev.conveyor.server.store.SqliteEventStore;
import dev.conveyor.server.testing.FleetFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The primitive, end to end: real history file, real processes, real router, real requests. */
class FleetOperatorTests {
  private static final FleetKey FLEET = FleetFixture.FLEET;
  private static final Actor ALICE = FleetFixture.ALICE;

  @TempDir Path dir;
  private FleetFixture fleet;
  private SqliteEventStore store;
  private History history;
  private HttpRouter router;
  private FleetOperator operator;

  @BeforeEach
  void setUp() {
    fleet = new FleetFixture(dir);
    store = fleet.store;
    history = fleet.history;
    router = fleet.router;
    operator = fleet.operator;
  }

  @AfterEach
  void tearDown() {
    fleet.close();
  }

  private static Causation cause() {
    return FleetFixture.CAUSE;
  }

  private dev.conveyor.core.artifact.ArtifactId push(
      String version, String readinessTimeout, String... args) {
    return fleet.push(version, readinessTimeout, args);
  }

  private HttpResponse<String> viaRouter(String path) throws Exception {
    return fleet.viaRouter(path);
  }

  private List<String> summaries() {
    return fleet.summaries();
  }

  @Test
  void launch_recordsEachStage_andStandbyGetsNoTraffic() throws Exception {
    var v1 = push("v1", "20s");
    InstanceId id = operator.launch(FLEET, v1, ALICE, cause());

    Instance instance = history.current().instance(id).orElseThrow();
    assertThat(instance.state()).isEqualTo(ActivationState.STANDBY);
    assertThat(instance.endpoint()).isNotNull();
    List<String> events = summaries();
    assertThat(events.get(1)).startsWith("fleet checkout/production served by the router on port ");
    assertThat(events.get(2))
        .isEqualTo(
            "instance " + id + " launched in checkout/production from artifact " + v1.shortForm());
    assertThat(events.get(3))
        .startsWith("instance " + id + " started at " + instance.endpoint() + " (pid ");
    assertThat(events.get(4))
        .isEqualTo("instance " + id + " starting → standby: ready: GET /ready answered");

    HttpResponse<String> none = viaRouter("/");
    assertThat(none.statusCode()).isEqualTo(503);
    assertThat(none.body()).contains("\"error\":\"no_active_instance\"");
  }

  @Test
  void activate_routesTraffic_thenDeactivateDrainsWithoutLosingARequest() throws Exception {
    var v1 = push("v1", "20s", "slow=1500");
    InstanceId a = operator.launch(FLEET, v1, ALICE, cause());
    InstanceId b = operator.launch(FLEET, v1, ALICE, cause());
    operator.change(a, ActivationState.ACTIVE, 10_000, "first", ALICE, cause());
    assertThat(viaRouter("/").body()).isEqualTo("hello from " + a);

    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      slow.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return viaRouter("/slow");
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              }));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> router.inFlight(a) == 5);
    operator.change(b, ActivationState.ACTIVE, 10_000, "second", ALICE, cause());
    operator.deactivate(a, "replaced", ALICE, cause());

    for (CompletableFuture<HttpResponse<String>> request : slow) {
      HttpResponse<String> response = request.get();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("slow " + a);
    }
    assertThat(viaRouter("/").body()).isEqualTo("hello from " + b);
    List<String> events = summaries();
    assertThat(events)
        .contains("instance " + a + " active → draining: replaced: draining, no new requests");
    assertThat(events.get(events.size() - 1))
        .matches(
            "instance "
                + a
                + " draining → stopped: drained in \\d+ ms; exited with code 143 \\d+ ms after SIGTERM");
    assertThat(history.current().instance(a)).isEmpty();
  }

  @Test
  void crash_isRecordedByTheWatchdog_routedAround_andReaped() throws Exception {
    var v1 = push("v1", "20s", "exit-after=2000:7");
    InstanceId id = operator.launch(FLEET, v1, ALICE, cause());
    operator.change(id, ActivationState.ACTIVE, 10_000, "go", ALICE, cause());
    assertThat(viaRouter("/").statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(20)).until(() -> history.current().instance(id).isEmpty());
    List<RecordedEvent> events = store.read(EventQuery.all(1000));
    RecordedEvent failed = events.get(events.size() - 2);
    assertThat(failed.actor()).isEqualTo(Actor.CONVEYOR);
    assertThat(failed.causation()).isEqualTo(Causation.system("watchdog"));
    assertThat(EventSummary.of(failed.event()))
        .startsWith(
            "instance " + id + " active → failed: process exited with code 7; last log lines: ");
    assertThat(EventSummary.of(events.get(events.size() - 1).event()))
        .isEqualTo("instance " + id + " failed → stopped: reaped: had already exited with code 7");
    assertThat(viaRouter("/").statusCode()).isEqualTo(503);
  }

  @Test
  void readinessTimeout_failsTheLaunch_andTheHistorySaysWhy() throws Exception {
    var bad = push("v9", "1s", "never-ready");
    assertThatThrownBy(() -> operator.launch(FLEET, bad, ALICE, cause()))
        .isInstanceOf(InstanceFailedException.class)
        .hasMessageContaining("did not become ready within 1s (last check: GET http://127.0.0.1:")
        .hasMessageContaining("/ready → 503); last 1 lines of its log:\n  test instance checkout-");
    List<String> events = summaries();
    assertThat(events.get(events.size() - 2))
        .contains("starting → failed: instance checkout-")
        .contains("did not become ready within 1s");
    assertThat(events.get(events.size() - 1))
        .endsWith("failed → stopped: reaped: stopped by the driver");
    assertThat(history.current().instances()).isEmpty();
    assertThat(history.verify().intact()).isTrue();
  }
}
