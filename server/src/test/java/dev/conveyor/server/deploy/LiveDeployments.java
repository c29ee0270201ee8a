package dev.conveyor.server.deploy;

import static dev.conveyor.server.testing.FleetFixture.ALICE;
import static dev.conveyor.server.testing.FleetFixture.CAUSE;
import static dev.conveyor.server.testing.FleetFixture.FLEET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.plan.Plan;
import dev.conveyor.core.plan.Strategy;
import dev.conveyor.core.plan.StrategyOptions;
import dev.conveyor.core.verify.VerificationSpec;
import dev.conveyor.server.load.LoadGenerator;
import dev.conveyor.server.load.LoadPlan;
import dev.conveyor.server.load.LoadReport;
import dev.conveyor.server.load.Mix;
import dev.conveyor.server.testing.FleetFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A real fleet under real load for the live strategy tests: the example service's processes behind
 * the real router, the real controller and verification, and the scenarios those tests share.
 */
final class LiveDeployments implements AutoCloseable {
  /**
   * Quick to decide on a few hundred requests; statistics are the detection benchmark's subject.
   */
  static final VerificationSpec QUICK =
      VerificationSpec.read(
          ConfigReader.parse(
              "minDuration: 2s\nmaxDuration: 45s\nminRequests: 30\nonInconclusive: fail\n"
                  + "latency: off\nflows: off\nerrors: {negligible: 0.05}\n",
              "verify.yaml"));

  static final StrategyOptions OPTIONS =
      StrategyOptions.defaults()
          .withVerify(QUICK)
          .withCanaryShares(List.of(0.1, 0.5))
          .withStandbyWindow(Duration.ZERO)
          .withPartial(1, Duration.ofSeconds(4))
          .withInitialInstances(2);

  final FleetFixture fleet;
  private final DeploymentController controller;
  private LoadGenerator load;
  private CompletableFuture<LoadReport> report;

  LiveDeployments(Path dir) {
    fleet = new FleetFixture(dir);
    LiveVerifier verifier =
        new LiveVerifier(
            fleet.router,
            (f, i) -> {
              var stats = fleet.router.shadowStats(f, i);
              return new LiveVerifier.ShadowCounts(stats.compared(), stats.differing());
            },
            InstantSource.system());
    controller =
        new DeploymentController(fleet.history, fleet.operator, verifier, InstantSource.system());
  }

  @Override
  public void close() {
    if (load != null) {
      load.stop();
    }
    controller.close();
    fleet.close();
  }

  Deployment deploy(Plan plan) throws InterruptedException {
    return controller.awaitFinished(
        controller.start(plan, ALICE, CAUSE).id(), Duration.ofMinutes(3));
  }

  List<Instance> fleetNow() {
    return fleet.history.current().fleet(FLEET);
  }

  /** v1 on {@code instances} instances, then constant load through the router. */
  ArtifactId startFleet(int instances, double rate) throws InterruptedException {
    ArtifactId v1 = fleet.push("v1", "20s");
    Plan initial =
        Strategy.named("rolling")
            .plan(FLEET, List.of(), v1, OPTIONS.withInitialInstances(instances));
    assertThat(deploy(initial).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    int port = fleet.history.current().exposure(FLEET).orElseThrow();
    load =
        new LoadGenerator(
            LoadPlan.of(
                    URI.create("http://127.0.0.1:" + port),
                    rate,
                    Duration.ofMinutes(10),
                    Mix.parse("GET /same"))
                .withTimeout(Duration.ofSeconds(5)));
    report = CompletableFuture.supplyAsync(() -> load.run(progress -> {}));
    return v1;
  }

  LoadReport stopLoad() {
    load.stop();
    LoadReport done = report.join();
    load = null;
    return done;
  }

  /**
   * On two v1 instances under load: v3 (good) goes through {@code strategy}'s plan; then v2 (a
   * fifth of its answers fail) is rolled back to the same composition, and no client request went
   * unanswered.
   */
  void goodVersionGoesThrough_badVersionIsRolledBack(String strategy) throws Exception {
    ArtifactId v1 = startFleet(2, 300);

    ArtifactId good = fleet.push("v3", "20s");
    Deployment ok = deploy(Strategy.named(strategy).plan(FLEET, fleetNow(), good, OPTIONS));
    assertThat(ok.status()).as(ok.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
    long goodOnes =
        fleetNow().stream()
            .filter(i -> i.artifact().equals(good) && i.state() == ActivationState.ACTIVE)
            .count();
    assertThat(goodOnes).isEqualTo(strategy.equals("partial") ? 1 : 2);

    List<Instance> before = fleetNow();
    ArtifactId bad = fleet.push("v2", "20s", "fail-rate=0.2");
    Deployment rejected = deploy(Strategy.named(strategy).plan(FLEET, before, bad, OPTIONS));
    assertThat(rejected.status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(rejected.reason())
        .contains("fail after")
        .contains("→ regression")
        .contains("; rolled back by ");
    DeploymentId rollback =
        DeploymentId.of(rejected.reason().replaceAll(".*rolled back by ([a-z0-9-]+)$", "$1"));
    assertThat(controller.awaitFinished(rollback, Duration.ofMinutes(2)).status())
        .isEqualTo(DeploymentStatus.SUCCEEDED);
    // The same composition: the same artifacts at the same states and weights. (Where the plan had
    // already stopped an old instance, as partial does before its hold, the rollback starts a new
    // one of the same artifact.)
    assertThat(composition(fleetNow())).isEqualTo(composition(before));
    assertThat(fleetNow()).noneMatch(i -> i.artifact().equals(bad));
    assertThat(v1).isNotNull();

    LoadReport done = stopLoad();
    assertThat(done.failures()).as("transport failures").isZero();
    assertThat(fleet.history.verify().intact()).isTrue();
  }

  private static List<String> composition(List<Instance> instances) {
    return instances.stream()
        .map(i -> i.artifact().shortForm() + " " + i.state().label() + " " + i.weight())
        .sorted()
        .toList();
  }

  /** Five v1 instances under load replaced one by one by v3: not one request fails. */
  void rollingUpdateOfFive_failsNoRequest() throws Exception {
    startFleet(5, 200);
    ArtifactId good = fleet.push("v3", "20s");
    Deployment ok = deploy(Strategy.named("rolling").plan(FLEET, fleetNow(), good, OPTIONS));
    assertThat(ok.status()).as(ok.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
    assertThat(fleetNow()).hasSize(5).allMatch(i -> i.artifact().equals(good));

    LoadReport done = stopLoad();
    assertThat(done.responses()).isGreaterThan(2_000);
    assertThat(done.errors())
        .as("5xx answers and transport failures during the rollout: %s", done)
        .isZero();
  }
}
