package dev.conveyor.server.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.InstanceDriver;
import dev.conveyor.core.instance.InstanceDriver.Launch;
import dev.conveyor.core.instance.InstanceDriver.Started;
import dev.conveyor.core.instance.InstanceFailedException;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.server.artifact.ArtifactArchive;
import dev.conveyor.server.artifact.ArtifactStore;
import dev.conveyor.server.testing.TestInstances;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process driver with real child processes on loopback ports. */
class LocalProcessDriverTests {
  private static final FleetKey FLEET = FleetKey.of("checkout", "production");

  @TempDir Path dir;
  private ArtifactStore store;
  private final List<LocalProcessDriver> drivers = new ArrayList<>();
  private final List<Long> pids = new ArrayList<>();
  private final Map<InstanceId, String> failures = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    store = new ArtifactStore(dir.resolve("artifacts"), 1 << 20, ArtifactArchive.Limits.DEFAULT);
  }

  @AfterEach
  void killEverything() {
    drivers.forEach(LocalProcessDriver::close);
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private LocalProcessDriver driver() {
    LocalProcessDriver.Settings settings =
        new LocalProcessDriver.Settings(
            dir.resolve("instances"), Duration.ofMillis(100), 3, Duration.ofMillis(300), 4096, 5);
    LocalProcessDriver driver = new LocalProcessDriver(settings, store);
    driver.watch(failures::put);
    drivers.add(driver);
    return driver;
  }

  private Launch launch(String id, String readinessTimeout, String... args) {
    TestInstances.Stored artifact =
        TestInstances.store(
            store, dir, id, TestInstances.manifest("checkout", "v1", readinessTimeout, args));
    return new Launch(InstanceId.of(id), FLEET, artifact.id(), artifact.manifest());
  }

  private Started start(InstanceDriver driver, Launch launch) {
    Started started = driver.start(launch);
    pids.add(Long.parseLong(started.runtime().split(" ")[1]));
    return started;
  }

  private static long pid(Started started) {
    return Long.parseLong(started.runtime().split(" ")[1]);
  }

  private String get(Started started, String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://" + started.endpoint() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Nested
  class Starting {
    @Test
    void start_thenReady_servesOnItsPortWithItsEnvironment() throws Exception {
      LocalProcessDriver driver = driver();
      Started started = start(driver, launch("checkout-a1", "20s", "ready-after=300"));
      assertThat(started.endpoint().host()).isEqualTo("127.0.0.1");
      assertThat(started.runtime()).matches("pid \\d+ started \\d{4}-.*Z");

      driver.awaitReady(InstanceId.of("checkout-a1"));

      String env = get(started, "/env");
      int port = started.endpoint().port();
      assertThat(env)
          .contains("PORT=" + port + "\n")
          .contains("APP_PORT=" + port + "\n")
          .contains("CONVEYOR_INSTANCE=checkout-a1\n")
          .contains("CONVEYOR_SERVICE=checkout\n")
          .contains("CONVEYOR_ENVIRONMENT=production\n")
          .contains("GREETING=hello\n")
          .contains("SECRET_OF_THE_SERVER=null\n");
      assertThat(Files.readString(dir.resolve("instances/checkout-a1/log")))
          .contains("test instance checkout-a1 listening on " + port);
      assertThat(driver.running())
          .extracting(InstanceDriver.Running::instance)
          .containsExactly(InstanceId.of("checkout-a1"));
    }

    @Test
    void neverReady_failsWithTheLastCheckAndTheLogTail_andStopsIt() {
      LocalProcessDriver driver = driver();
      Started started = start(driver, launch("checkout-a2", "1s", "never-ready"));
      assertThatThrownBy(() -> driver.awaitReady(InstanceId.of("checkout-a2")))
          .isInstanceOf(InstanceFailedException.class)
          .hasMessage(
              "instance checkout-a2 did not become ready within 1s (last check: GET http://"
                  + started.endpoint()
                  + "/ready → 503); last 1 lines of its log:\n"
                  + "  test instance checkout-a2 listening on "
                  + started.endpoint().port());
      assertThat(ProcessHandle.of(pid(started)).map(ProcessHandle::isAlive))
          .isNotEqualTo(java.util.Optional.of(true));
      assertThat(dir.resolve("instances/checkout-a2/app")).doesNotExist();
      assertThat(dir.resolve("instances/checkout-a2/log")).exists();
      assertThat(driver.running()).isEmpty();
    }

    @Test
    void exitBeforeReady_failsWithTheExitCode() {
      LocalProcessDriver driver = driver();
      start(driver, launch("checkout-a3", "20s", "never-ready", "exit-after=200:3"));
      assertThatThrownBy(() -> driver.awaitReady(InstanceId.of("checkout-a3")))
          .isInstanceOf(InstanceFailedException.class)
          .hasMessageStartingWith(
              "instance checkout-a3 exited with code 3 before it was ready; last 2 lines of its log:\n")
          .hasMessageEndingWith("  exiting on purpose with code 3");
      assertThat(failures).isEmpty();
    }

    @Test
    void missingProgram_failsAndLeavesNothing() {
      LocalProcessDriver driver = driver();
      TestInstances.Stored artifact =
          TestInstances.store(
              store,
              dir,
              "missing",
              "service: checkout\nversion: v1\nrun:\n  command: [/nonexistent/program]\nreadiness:\n  path: /ready\n");
      Launch launch =
          new Launch(InstanceId.of("checkout-a4"), FLEET, artifact.id(), artifact.manifest());
      // setsid reports a missing program from inside the child; either way the start cannot
      // succeed.
      Throwable failure =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> {
                Started s = driver.start(launch);
                pids.add(pid(s));
                driver.awaitReady(launch.instance());
              });
      assertThat(failure)
          .isInstanceOf(InstanceFailedException.class)
          .hasMessageContaining("checkout-a4")
          .hasMessageContaining("/nonexistent/program");
      assertThat(dir.resolve("instances/checkout-a4/app")).doesNotExist();
    }

    @Test
    void tamperedArtifact_isRefusedBeforeAnythingRuns() throws Exception {
      LocalProcessDriver driver = driver();
      Launch launch = launch("checkout-a5", "5s");
      Path archive = store.path(launch.artifact()).orElseThrow();
      archive.toFile().setWritable(true);
      byte[] bytes = Files.readAllBytes(archive);
      bytes[bytes.length / 2] ^= 1;
      Files.write(archive, bytes);
      assertThatThrownBy(() -> driver.start(launch))
          .isInstanceOf(InstanceFailedException.class)
          .hasMessage(
              "instance checkout-a5 could not start: artifact "
                  + launch.artifact()
                  + " on disk does not match its digest: the file was altered or corrupted ("
                  + archive
                  + ")");
      assertThat(dir.resolve("instances/checkout-a5")).doesNotExist();
    }
  }

  @Nested
  class Watching {
    @Test
    void processThatExits_isReportedWithItsExitCode() {
      LocalProcessDriver driver = driver();
      start(driver, launch("checkout-b1", "20s", "exit-after=1500:7"));
      driver.awaitReady(InstanceId.of("checkout-b1"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> failures.containsKey(InstanceId.of("checkout-b1")));
      assertThat(failures.get(InstanceId.of("checkout-b1")))
          .startsWith(
              "process exited with code 7; last log lines: test instance checkout-b1 listening on ")
          .endsWith(" | exiting on purpose with code 7");
    }

    @Test
    void hungProcess_failsAfterConsecutiveHealthChecks() {
      LocalProcessDriver driver = driver();
      Started started = start(driver, launch("checkout-b2", "20s", "hang-after=1000"));
      driver.awaitReady(InstanceId.of("checkout-b2"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> failures.containsKey(InstanceId.of("checkout-b2")));
      assertThat(failures.get(InstanceId.of("checkout-b2")))
          .isEqualTo(
              "failed 3 health checks in a row (last: GET http://"
                  + started.endpoint()
                  + "/ready: no answer within 300 ms)");
      assertThat(driver.stop(InstanceId.of("checkout-b2"), Duration.ofSeconds(5)).how())
          .contains("SIGTERM");
    }

    @Test
    void noisyProcess_logStaysUnderItsCap() throws Exception {
      LocalProcessDriver driver = driver();
      start(driver, launch("checkout-b3", "20s", "noisy"));
      driver.awaitReady(InstanceId.of("checkout-b3"));
      Path log = dir.resolve("instances/checkout-b3/log");
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(log.resolveSibling("log.1")));
      driver.stop(InstanceId.of("checkout-b3"), Duration.ofSeconds(5));
      // Capped at 4 KiB plus whatever the process wrote in the last tick.
      assertThat(Files.size(log.resolveSibling("log.1"))).isGreaterThan(4096);
      assertThat(Files.size(log)).isLessThan(4L << 20);
    }
  }

  @Nested
  class Stopping {
    @Test
    void stop_sigtermEndsAJavaProcess() throws Exception {
      LocalProcessDriver driver = driver();
      Started started = start(driver, launch("checkout-c1", "20s"));
      driver.awaitReady(InstanceId.of("checkout-c1"));
      InstanceDriver.Stopped stopped =
          driver.stop(InstanceId.of("checkout-c1"), Duration.ofSeconds(10));
      assertThat(stopped.how()).matches("exited with code 143 \\d+ ms after SIGTERM");
      assertThat(ProcessHandle.of(pid(started)).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(failures).isEmpty();
      assertThat(driver.running()).isEmpty();
      assertThat(dir.resolve("instances/checkout-c1/app")).doesNotExist();
    }

    @Test
    void stop_ignoringSigterm_isKilledAfterTheGrace() {
      LocalProcessDriver driver = driver();
      Started started = start(driver, launch("checkout-c2", "20s", "ignore-sigterm"));
      driver.awaitReady(InstanceId.of("checkout-c2"));
      InstanceDriver.Stopped stopped =
          driver.stop(InstanceId.of("checkout-c2"), Duration.ofMillis(500));
      assertThat(stopped.how()).isEqualTo("did not exit within 500ms of SIGTERM; killed (SIGKILL)");
      assertThat(ProcessHandle.of(pid(started)).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void stop_unknownInstance_saysSo() {
      assertThat(driver().stop(InstanceId.of("checkout-zz"), Duration.ofSeconds(1)).how())
          .isEqualTo("was not running");
    }
  }

  @Nested
  class Restarts {
    @Test
    void newDriver_findsAndAdoptsWhatStillRuns() throws Exception {
      LocalProcessDriver first = driver();
      Started started = start(first, launch("checkout-d1", "20s"));
      first.awaitReady(InstanceId.of("checkout-d1"));
      first.close();

      LocalProcessDriver second = driver();
      List<InstanceDriver.Running> running = second.running();
      assertThat(running)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.instance()).isEqualTo(InstanceId.of("checkout-d1"));
                assertThat(r.endpoint()).isEqualTo(started.endpoint());
                assertThat(r.runtime()).isEqualTo(started.runtime());
              });
      assertThat(second.adopt(running.get(0))).isTrue();
      assertThat(get(started, "/")).isEqualTo("hello from checkout-d1");
      assertThat(second.stop(InstanceId.of("checkout-d1"), Duration.ofSeconds(10)).how())
          .matches("exited \\d+ ms after SIGTERM");
      assertThat(ProcessHandle.of(pid(started)).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void recordWithARecycledPid_isNotAdopted() throws Exception {
      LocalProcessDriver first = driver();
      Started started = start(first, launch("checkout-d2", "20s"));
      first.awaitReady(InstanceId.of("checkout-d2"));
      first.close();
      // Same pid, another start time: what a recycled pid looks like.
      Path record = dir.resolve("instances/checkout-d2/process.json");
      Files.writeString(
          record,
          Files.readString(record)
              .replaceAll(
                  "\"processStart\":\"[^\"]+\"", "\"processStart\":\"2000-01-01T00:00:00Z\""));

      LocalProcessDriver second = driver();
      assertThat(second.running()).isEmpty();
      assertThat(record).doesNotExist();
      // The live process is under the root but now unrecorded: the new driver stopped it.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ProcessHandle.of(pid(started)).filter(ProcessHandle::isAlive).isEmpty());
    }

    @Test
    void unrecordedProcessUnderTheRoot_isStoppedAtStartUp() throws Exception {
      Path app = dir.resolve("instances/checkout-d3/app");
      Files.createDirectories(app);
      Process stray = new ProcessBuilder("sleep", "600").directory(app.toFile()).start();
      pids.add(stray.pid());
      driver();
      await().atMost(Duration.ofSeconds(10)).until(() -> !stray.isAlive());
    }
  }
}
