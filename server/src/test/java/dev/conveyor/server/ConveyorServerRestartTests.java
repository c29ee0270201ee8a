package dev.conveyor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.EventSummary;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.server.artifact.ArtifactArchive;
import dev.conveyor.server.testing.TestInstances;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that stops and starts again on the same data: what runs must carry on, or be recorded.
 */
class ConveyorServerRestartTests {
  private static final FleetKey FLEET = FleetKey.of("checkout", "production");
  private static final Actor ALICE = Actor.of("alice");
  private static final Causation CAUSE = Causation.command("test");

  @TempDir Path dir;
  private ConveyorServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private ConveyorServer start(boolean stopInstancesOnClose) {
    server =
        ConveyorServer.start(
            ServerSettings.defaults(dir.resolve("data"))
                .withPort(0)
                .withStopInstancesOnClose(stopInstancesOnClose),
            InstantSource.system());
    return server;
  }

  /** Launches one active instance of a test artifact; returns its id and pid. */
  private InstanceId launchActive() throws Exception {
    Path source = dir.resolve("src");
    Files.createDirectories(source);
    Files.writeString(
        source.resolve("conveyor.yaml"), TestInstances.manifest("checkout", "v1", "20s"));
    Path packed = dir.resolve("v1.tar.gz");
    ArtifactArchive.pack(source, packed);
    var artifact = server.artifacts();
    var id =
        artifact.push(Files.newInputStream(packed), Optional.empty(), ALICE, CAUSE).artifact().id();
    InstanceId instance = server.operator().launch(FLEET, id, ALICE, CAUSE);
    server.operator().change(instance, ActivationState.ACTIVE, 10_000, "go", ALICE, CAUSE);
    return instance;
  }

  private long pid(InstanceId id) throws Exception {
    String record = Files.readString(dir.resolve("data/instances/" + id + "/process.json"));
    return Long.parseLong(record.replaceAll(".*\"pid\":(\\d+).*", "$1"));
  }

  private HttpResponse<String> viaRouter() throws Exception {
    int port = server.history().current().exposure(FLEET).orElseThrow();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<String> lastSummaries(int n) {
    var events = server.history().store().read(EventQuery.all(n).reversed());
    return events.reversed().stream().map(e -> EventSummary.of(e.event())).toList();
  }

  @Test
  void restart_adoptsRunningInstances_andTrafficFlowsOnTheSamePort() throws Exception {
    start(false);
    InstanceId id = launchActive();
    int port = server.history().current().exposure(FLEET).orElseThrow();
    long pid = pid(id);
    long seq = server.history().current().seq();
    server.close();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isPresent();

    start(true);
    assertThat(server.history().current().seq()).isEqualTo(seq); // adopted: nothing to record
    Instance instance = server.history().current().instance(id).orElseThrow();
    assertThat(instance.state()).isEqualTo(ActivationState.ACTIVE);
    assertThat(server.history().current().exposure(FLEET)).contains(port);
    assertThat(viaRouter().body()).isEqualTo("hello from " + id);
    assertThat(server.history().verify().intact()).isTrue();
  }

  @Test
  void restart_instanceDiedMeanwhile_isRecordedAsFailedAndStopped() throws Exception {
    start(false);
    InstanceId id = launchActive();
    long pid = pid(id);
    server.close();
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());

    start(true);
    assertThat(server.history().current().instance(id)).isEmpty();
    assertThat(lastSummaries(2))
        .containsExactly(
            "instance " + id + " active → failed: not running after the server restarted",
            "instance " + id + " failed → stopped: reaped: nothing was left running");
    assertThat(viaRouter().statusCode()).isEqualTo(503);
  }

  @Test
  void restart_processesTheHistoryDoesNotKnow_areStopped() throws Exception {
    start(false);
    InstanceId id = launchActive();
    long pid = pid(id);
    server.close();
    // A history that never heard of it (e.g. restored from an older backup).
    Files.delete(dir.resolve("data/history.db"));
    Files.deleteIfExists(dir.resolve("data/history.db-wal"));
    Files.deleteIfExists(dir.resolve("data/history.db-shm"));

    start(true);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    assertThat(server.history().current().instances()).isEmpty();
  }
}
