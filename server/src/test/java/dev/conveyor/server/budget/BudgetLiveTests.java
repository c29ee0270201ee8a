package dev.conveyor.server.budget;

import static dev.conveyor.server.testing.FleetFixture.ALICE;
import static dev.conveyor.server.testing.FleetFixture.CAUSE;
import static dev.conveyor.server.testing.FleetFixture.FLEET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.budget.BurnWindow.Level;
import dev.conveyor.core.budget.SloConfig;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.event.DeploymentStarted;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.plan.Plan;
import dev.conveyor.core.plan.Strategy;
import dev.conveyor.core.plan.StrategyOptions;
import dev.conveyor.server.deploy.DeploymentController;
import dev.conveyor.server.deploy.StepVerifier;
import dev.conveyor.server.testing.FleetFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A budget spent by real failing requests through the real router, recorded minute by minute into
 * the minute store, refuses the next production deployment — also after the store is reopened — and
 * an operator's fix passes with the override recorded.
 */
class BudgetLiveTests {
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
  private BudgetService budgets;
  private MinuteStore store;
  private MinuteRecorder recorder;

  @BeforeEach
  void setUp() {
    fleet = new FleetFixture(dir);
    StepVerifier none =
        request -> {
          throw new AssertionError("these plans have no verify step");
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
    budgets = budgets(store, fleet);
    controller.guardWith(budgets);
  }

  /** A minute counts once it has ended: "now" one minute ahead takes in the current one. */
  private static BudgetService budgets(MinuteStore store, FleetFixture fleet) {
    return new BudgetService(
        SLOS,
        ObjectiveMinutes.stored(store),
        fleet.history,
        EnvironmentName.PRODUCTION,
        InstantSource.offset(InstantSource.system(), Duration.ofMinutes(1)));
  }

  @AfterEach
  void tearDown() {
    recorder.close();
    store.close();
    controller.close();
    fleet.close();
  }

  @Test
  void failingRequests_exhaustTheBudget_refuseTheNextDeployment_andAFixPasses() throws Exception {
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
    // What the recorder does each minute, for this minute and the one before (the loop may have
    // crossed a minute boundary).
    java.time.Instant thisMinute =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    recorder.recordMinute(thisMinute.minus(Duration.ofMinutes(1)));
    recorder.recordMinute(thisMinute);
    recorder.recordMinute(thisMinute); // again: replaced, not doubled
    store.close();
    store = MinuteStore.open(dir.resolve("metrics.db")); // as after a restart
    budgets = budgets(store, fleet);
    controller.guardWith(budgets);

    var state = budgets.states(Optional.empty()).get(0).state();
    assertThat(state.budget().events()).isEqualTo(40);
    assertThat(state.budget().bad()).isEqualTo(failed);
    assertThat(state.level()).isEqualTo(Level.EXHAUSTED);
    assertThat(budgets.remaining(FLEET.service()).orElseThrow()).isNegative();

    ArtifactId v2 = fleet.push("v2", "20s");
    Plan plan =
        Strategy.named("rolling")
            .plan(
                FLEET,
                fleet.history.current().fleet(FLEET),
                v2,
                StrategyOptions.defaults().withVerifyReplacements(false));
    assertThatThrownBy(() -> controller.start(plan, ALICE, CAUSE))
        .isInstanceOf(ConflictException.class)
        .hasMessageStartingWith(
            "the error budget of checkout is exhausted (objective availability: ")
        .hasMessageContaining("new production deployments are refused until about ")
        .hasMessageEndingWith(
            "if no more requests fail; an operator may start it anyway as a fix, with the reason"
                + " recorded (conveyor deploy --fix REASON)");

    Deployment fix =
        controller.start(plan, "INC-7: the fix for the failing checkouts", ALICE, CAUSE);
    assertThat(controller.awaitFinished(fix.id(), Duration.ofSeconds(60)).status())
        .isEqualTo(DeploymentStatus.SUCCEEDED);
    assertThat(fleet.history.store().read(fix.startedSeq()).orElseThrow().event())
        .isInstanceOfSatisfying(
            DeploymentStarted.class,
            e -> assertThat(e.override()).isEqualTo("INC-7: the fix for the failing checkouts"));
  }

  @Test
  void aRunningDeploymentThatBurnsTheBudgetFast_isRolledBack_withTheBurnAsItsReason()
      throws Exception {
    ArtifactId v1 = fleet.push("v1", "20s");
    InstanceId id = fleet.operator.launch(FLEET, v1, ALICE, CAUSE);
    fleet.operator.change(id, ActivationState.ACTIVE, 10_000, "serve", ALICE, CAUSE);
    ArtifactId bad = fleet.push("v2", "20s", "fail-rate=0.5");
    Plan plan =
        Strategy.named("rolling")
            .plan(
                FLEET,
                fleet.history.current().fleet(FLEET),
                bad,
                StrategyOptions.defaults()
                    .withVerifyReplacements(false)
                    .withBake(Duration.ofMinutes(5)));
    Deployment d = controller.start(plan, ALICE, CAUSE);
    // Wait until the bad version serves everything (the plan then bakes for 5 minutes).
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                fleet.history.current().fleet(FLEET).stream()
                    .filter(i -> i.state() == ActivationState.ACTIVE)
                    .allMatch(i -> i.artifact().equals(bad)));
    for (int i = 0; i < 40; i++) {
      fleet.viaRouter("/same");
    }
    java.time.Instant thisMinute =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    recorder.recordMinute(thisMinute.minus(Duration.ofMinutes(1)));
    recorder.recordMinute(thisMinute);
    BurnWatch watch =
        new BurnWatch(
            fleet.history,
            budgets,
            controller,
            EnvironmentName.PRODUCTION,
            new AlertWebhooks(java.util.List.of()));

    assertThat(watch.check()).containsExactly(d.id());
    assertThat(watch.check()).isEmpty(); // acted once
    Deployment done = controller.awaitFinished(d.id(), Duration.ofSeconds(60));
    assertThat(done.status()).isEqualTo(DeploymentStatus.ABORTED);
    assertThat(done.reason())
        .contains("error budget of checkout, objective availability: ")
        .contains("burning");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                fleet.history.current().fleet(FLEET).stream()
                    .filter(i -> i.state() == ActivationState.ACTIVE)
                    .allMatch(i -> i.artifact().equals(v1)));
  }
}
