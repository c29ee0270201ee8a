package dev.conveyor.server.deploy;

import static dev.conveyor.server.testing.FleetFixture.ALICE;
import static dev.conveyor.server.testing.FleetFixture.CAUSE;
import static dev.conveyor.server.testing.FleetFixture.FLEET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.deploy.StepOutcome;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.StepStarted;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.plan.InstanceRef;
import dev.conveyor.core.plan.Plan;
import dev.conveyor.core.plan.Step;
import dev.conveyor.core.plan.Strategy;
import dev.conveyor.core.plan.StrategyOptions;
import dev.conveyor.server.testing.FleetFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans applied to a real fleet of processes behind the real router, step by step. */
class DeploymentControllerTests {
  private static final StepVerifier NO_VERIFY =
      request -> {
        throw new AssertionError("these plans have no verify step");
      };

  @TempDir Path dir;
  private FleetFixture fleet;
  private DeploymentController controller;

  @BeforeEach
  void setUp() {
    fleet = new FleetFixture(dir);
    controller =
        new DeploymentController(fleet.history, fleet.operator, NO_VERIFY, InstantSource.system());
  }

  @AfterEach
  void tearDown() {
    controller.close();
    fleet.close();
  }

  /** Two active instances of v1, deployed by a first (initial) deployment. */
  private ArtifactId twoOfV1() throws InterruptedException {
    ArtifactId v1 = fleet.push("v1", "20s");
    Plan initial =
        Strategy.named("rolling")
            .plan(FLEET, List.of(), v1, StrategyOptions.defaults().withInitialInstances(2));
    Deployment d = controller.start(initial, ALICE, CAUSE);
    assertThat(controller.awaitFinished(d.id(), Duration.ofSeconds(60)).status())
        .isEqualTo(DeploymentStatus.SUCCEEDED);
    return v1;
  }

  private List<Instance> fleetNow() {
    return fleet.history.current().fleet(FLEET);
  }

  @Test
  void rolling_replacesEveryInstance_oneStepAtATime() throws Exception {
    ArtifactId v1 = twoOfV1();
    ArtifactId v2 = fleet.push("v2", "20s");
    Plan plan =
        Strategy.named("rolling")
            .plan(FLEET, fleetNow(), v2, StrategyOptions.defaults().withVerifyReplacements(false));

    Deployment d = controller.start(plan, ALICE, CAUSE);
    assertThat(d.id().value()).isEqualTo("checkout-2");
    Deployment done = controller.awaitFinished(d.id(), Duration.ofSeconds(60));

    assertThat(done.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    assertThat(done.reason()).isEqualTo("all 6 steps done");
    assertThat(fleetNow())
        .hasSize(2)
        .allSatisfy(
            i -> {
              assertThat(i.artifact()).isEqualTo(v2);
              assertThat(i.state()).isEqualTo(ActivationState.ACTIVE);
              assertThat(i.weight()).isEqualTo(5000);
            });
    assertThat(fleetNow()).noneMatch(i -> i.artifact().equals(v1));
    List<String> events = fleet.summaries();
    assertThat(events).contains("checkout-2 step 1: launch new-1 from artifact " + v2.shortForm());
    assertThat(events).anyMatch(e -> e.startsWith("checkout-2 step 1 done: launched checkout-"));
    assertThat(events.get(events.size() - 1)).isEqualTo("checkout-2 succeeded: all 6 steps done");
    assertThat(fleet.viaRouter("/").statusCode()).isEqualTo(200);
    assertThat(fleet.history.verify().intact()).isTrue();
  }

  @Test
  void guardedDeployment_isRefusedWithTheFix_andAnOperatorsFixStarts_withTheOverrideRecorded()
      throws Exception {
    ArtifactId v1 = twoOfV1();
    // The error-budget policy's shape (issue 6): production deployments refused until a time.
    controller.guardWith(
        plan ->
            java.util.Optional.of(
                "the error budget of checkout is exhausted (-12% left) until 2026-12-20T00:00:00Z"));
    ArtifactId v2 = fleet.push("v2", "20s");
    Plan plan =
        Strategy.named("rolling")
            .plan(FLEET, fleetNow(), v2, StrategyOptions.defaults().withVerifyReplacements(false));
    long before = fleet.history.store().lastSeq();
    assertThatThrownBy(() -> controller.start(plan, ALICE, CAUSE))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "the error budget of checkout is exhausted (-12% left) until 2026-12-20T00:00:00Z;"
                + " an operator may start it anyway as a fix, with the reason recorded (conveyor"
                + " deploy --fix REASON)");
    assertThat(fleet.history.store().lastSeq()).isEqualTo(before);

    Deployment d = controller.start(plan, " hotfix for INC-42 ", ALICE, CAUSE);
    assertThat(controller.awaitFinished(d.id(), Duration.ofSeconds(60)).status())
        .isEqualTo(DeploymentStatus.SUCCEEDED);
    var started = fleet.history.store().read(d.startedSeq()).orElseThrow().event();
    assertThat(started)
        .isInstanceOfSatisfying(
            dev.conveyor.core.event.DeploymentStarted.class,
            e -> assertThat(e.override()).isEqualTo("hotfix for INC-42"));
    // Rollbacks are never refused.
    assertThat(controller.rollback(FLEET, ALICE, "undo the fix")).isPresent();
    assertThat(fleet.history.verify().intact()).isTrue();
    assertThat(v1).isNotNull();
  }

  @Test
  void secondPlanOnTheFleet_isRefusedNamingTheRunningOne() throws Exception {
    ArtifactId v1 = twoOfV1();
    Plan waits = new Plan(FLEET, v1, "manual", List.of(new Step.Bake(Duration.ofSeconds(30))));
    controller.start(waits, ALICE, CAUSE);
    assertThatThrownBy(() -> controller.start(waits, ALICE, CAUSE))
        .isInstanceOf(ConflictException.class)
        .hasMessageStartingWith(
            "deployment checkout-2 is already running on checkout/production (step ");
  }

  @Test
  void failedFirstLaunch_hasNothingToRollBack() throws Exception {
    twoOfV1();
    List<Instance> before = fleetNow();
    ArtifactId broken = fleet.push("v9", "1s", "never-ready");
    Plan plan =
        Strategy.named("rolling")
            .plan(FLEET, before, broken, StrategyOptions.defaults().withVerifyReplacements(false));

    Deployment done =
        controller.awaitFinished(controller.start(plan, ALICE, CAUSE).id(), Duration.ofSeconds(60));
    assertThat(done.status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(done.reason())
        .startsWith("step 1 failed: instance checkout-")
        .contains("did not become ready within 1s")
        .endsWith("; nothing to roll back");
    assertThat(fleetNow()).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void failureAfterAReplacement_rollsBack_restoringCapacityFirst() throws Exception {
    ArtifactId v1 = twoOfV1();
    List<Instance> before = fleetNow();
    ArtifactId v2 = fleet.push("v2", "20s");
    ArtifactId broken = fleet.push("v9", "1s", "never-ready");
    InstanceRef.Slot good = new InstanceRef.Slot("new-1");
    InstanceRef.Slot bad = new InstanceRef.Slot("new-2");
    Plan plan =
        new Plan(
            FLEET,
            v2,
            "manual",
            List.of(
                new Step.Launch(good, v2),
                Step.Change.activate(good, 5000),
                Step.Change.deactivate(new InstanceRef.Existing(before.get(0).id())),
                new Step.Launch(bad, broken)));

    Deployment done =
        controller.awaitFinished(controller.start(plan, ALICE, CAUSE).id(), Duration.ofSeconds(60));
    assertThat(done.status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(done.reason())
        .startsWith("step 4 failed: instance checkout-")
        .endsWith("; rolled back by checkout-3");
    Deployment rollback =
        controller.awaitFinished(
            dev.conveyor.core.deploy.DeploymentId.of("checkout-3"), Duration.ofSeconds(60));
    assertThat(rollback.status()).isEqualTo(DeploymentStatus.SUCCEEDED);

    List<String> events = fleet.summaries();
    int launched =
        indexOf(events, "checkout-3 step 1: launch new-1 from artifact " + v1.shortForm());
    int restored = indexOf(events, "checkout-3 step 2: activate new-1 with weight 5000");
    int removed = indexOf(events, "checkout-3 step 3: deactivate ");
    assertThat(launched).isLessThan(restored);
    assertThat(restored).isLessThan(removed);
    assertThat(fleetNow())
        .hasSize(2)
        .allSatisfy(
            i -> {
              assertThat(i.artifact()).isEqualTo(v1);
              assertThat(i.weight()).isEqualTo(5000);
            });
    assertThat(fleetNow()).contains(before.get(1));
    assertThat(fleet.viaRouter("/").statusCode()).isEqualTo(200);
  }

  private static int indexOf(List<String> events, String prefix) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no event starts with '" + prefix + "' in " + events);
  }

  @Test
  void abortDuringABake_rollsTheCanaryBack() throws Exception {
    ArtifactId v1 = twoOfV1();
    List<Instance> before = fleetNow();
    ArtifactId v2 = fleet.push("v2", "20s");
    InstanceRef.Slot canary = new InstanceRef.Slot("new-1");
    Plan plan =
        new Plan(
            FLEET,
            v2,
            "manual",
            List.of(
                new Step.Launch(canary, v2),
                Step.Change.activate(canary, 500),
                new Step.Bake(Duration.ofMinutes(5))));
    Deployment d = controller.start(plan, ALICE, CAUSE);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> fleet.history.current().deployment(d.id()).orElseThrow().currentStep() == 3);
    assertThat(fleetNow())
        .anyMatch(i -> i.artifact().equals(v2) && i.state() == ActivationState.ACTIVE);

    controller.abort(d.id(), Actor.of("bob"), "latency looks odd");
    Deployment done = controller.awaitFinished(d.id(), Duration.ofSeconds(30));
    assertThat(done.status()).isEqualTo(DeploymentStatus.ABORTED);
    assertThat(done.reason())
        .isEqualTo("aborted by bob: latency looks odd; rolled back by checkout-3");
    controller.awaitFinished(
        dev.conveyor.core.deploy.DeploymentId.of("checkout-3"), Duration.ofSeconds(60));
    assertThat(fleetNow()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(fleetNow()).allMatch(i -> i.artifact().equals(v1));
    List<String> events = fleet.summaries();
    assertThat(events).contains("checkout-2 step 3 failed: aborted by bob: latency looks odd");
    assertThat(events)
        .anyMatch(
            e ->
                e.startsWith(
                    "rollback checkout-3 of checkout-2 started: rollback of artifact "
                        + v2.shortForm()));
  }

  @Test
  void approvalStep_waitsForApproval_andPauseHolds() throws Exception {
    ArtifactId v1 = twoOfV1();
    Plan plan =
        new Plan(
            FLEET,
            v1,
            "manual",
            List.of(
                new Step.Approve(Set.of("approver"), Duration.ofMinutes(5)),
                new Step.Bake(Duration.ofMillis(200))));
    Deployment d = controller.start(plan, ALICE, CAUSE);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                controller.progress(d.id()).orElse("").equals("waiting for approval by approver"));
    controller.pause(d.id(), Actor.of("carol"), "hold on");
    controller.approve(d.id(), 0, Actor.of("dave"), "looks right");
    // Step 1 may finish (it was approved), but no further step starts while paused.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fleet.history.current().deployment(d.id()).orElseThrow().finishedSteps() == 1);
    Thread.sleep(500); // a pause is the absence of progress; give a wrong step the chance to start
    assertThat(fleet.history.current().deployment(d.id()).orElseThrow().currentStep()).isZero();
    controller.resume(d.id(), Actor.of("carol"), "go");
    assertThat(controller.awaitFinished(d.id(), Duration.ofSeconds(10)).status())
        .isEqualTo(DeploymentStatus.SUCCEEDED);
    assertThat(fleet.summaries())
        .contains(
            "checkout-2 step 1 approved: looks right",
            "checkout-2 paused: hold on",
            "checkout-2 resumed: go");
  }

  @Test
  void approvalTimeout_failsTheStep() throws Exception {
    ArtifactId v1 = twoOfV1();
    Plan plan =
        new Plan(
            FLEET,
            v1,
            "manual",
            List.of(new Step.Approve(Set.of("approver"), Duration.ofMillis(300))));
    Deployment done =
        controller.awaitFinished(controller.start(plan, ALICE, CAUSE).id(), Duration.ofSeconds(10));
    assertThat(done.status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(done.reason())
        .isEqualTo("step 1 failed: not approved within 300ms; nothing to roll back");
  }

  @Test
  void recover_aChangeThatHappenedButWasNotRecordedFinished_isCheckedNotRedone() throws Exception {
    twoOfV1();
    controller.close();
    Instance first = fleetNow().get(0);
    Plan plan =
        new Plan(
            FLEET,
            first.artifact(),
            "manual",
            List.of(Step.Change.activate(new InstanceRef.Existing(first.id()), 7000)));
    // As if a server recorded the start, made the change, and died before recording the outcome.
    var id = fleet.history.current().nextDeploymentId(FLEET.service());
    fleet.history.record(
        s ->
            List.of(
                new EventDraft(
                    ALICE,
                    CAUSE,
                    new dev.conveyor.core.event.DeploymentStarted(
                        id,
                        FLEET,
                        first.artifact(),
                        "manual",
                        DeploymentKind.DEPLOY,
                        null,
                        1,
                        dev.conveyor.core.plan.PlanCodec.encode(plan))),
                new EventDraft(
                    Actor.CONVEYOR,
                    CAUSE,
                    new StepStarted(id, FLEET, 1, plan.steps().get(0).describe()))));
    fleet.operator.change(
        first.id(), ActivationState.ACTIVE, 7000, "before the crash", Actor.CONVEYOR, CAUSE);
    long changes =
        fleet.summaries().stream().filter(e -> e.contains("weight changed to 7000")).count();

    DeploymentController restarted =
        new DeploymentController(fleet.history, fleet.operator, NO_VERIFY, InstantSource.system());
    try {
      restarted.recover();
      Deployment done = restarted.awaitFinished(id, Duration.ofSeconds(10));
      assertThat(done.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    } finally {
      restarted.close();
    }
    assertThat(fleet.summaries().stream().filter(e -> e.contains("weight changed to 7000")).count())
        .isEqualTo(changes);
    assertThat(fleet.summaries())
        .contains("checkout-2 step 1 done: " + first.id() + " already has weight 7000");
  }

  @Test
  void manualRollback_ofAFinishedDeployment_restoresTheFleetBeforeIt() throws Exception {
    ArtifactId v1 = twoOfV1();
    List<Instance> before = fleetNow();
    ArtifactId v2 = fleet.push("v2", "20s");
    Plan plan =
        Strategy.named("rolling")
            .plan(FLEET, before, v2, StrategyOptions.defaults().withVerifyReplacements(false));
    controller.awaitFinished(controller.start(plan, ALICE, CAUSE).id(), Duration.ofSeconds(60));
    assertThat(fleetNow()).allMatch(i -> i.artifact().equals(v2));

    var rollback =
        controller.rollback(FLEET, Actor.of("erin"), "checkout conversions dropped").orElseThrow();
    Deployment done = controller.awaitFinished(rollback, Duration.ofSeconds(60));
    assertThat(done.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    assertThat(fleetNow())
        .hasSize(2)
        .allSatisfy(
            i -> {
              assertThat(i.artifact()).isEqualTo(v1);
              assertThat(i.weight()).isEqualTo(5000);
              assertThat(i.state()).isEqualTo(ActivationState.ACTIVE);
            });
    assertThat(fleet.viaRouter("/").statusCode()).isEqualTo(200);
    assertThat(fleet.history.current().deployment(rollback).orElseThrow().rollbackOf().value())
        .isEqualTo("checkout-2");
    assertThat(StepOutcome.DONE).isNotNull();
  }
}
