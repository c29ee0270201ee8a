package dev.conveyor.core.history;

import static dev.conveyor.core.testing.Events.CHECKOUT_PROD;
import static dev.conveyor.core.testing.Events.draft;
import static dev.conveyor.core.testing.Events.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.deploy.StepOutcome;
import dev.conveyor.core.event.DeploymentApproved;
import dev.conveyor.core.event.DeploymentFinished;
import dev.conveyor.core.event.DeploymentPaused;
import dev.conveyor.core.event.DeploymentResumed;
import dev.conveyor.core.event.DeploymentStarted;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.event.StepFinished;
import dev.conveyor.core.event.StepStarted;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.plan.Plan;
import dev.conveyor.core.plan.PlanCodec;
import dev.conveyor.core.plan.Step;
import dev.conveyor.core.testing.Events;
import dev.conveyor.core.testing.InMemoryEventStore;
import dev.conveyor.core.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentFoldTests {
  private static final DeploymentId D1 = DeploymentId.of("checkout-1");
  private final InMemoryEventStore store =
      InMemoryEventStore.fresh(ManualClock.at("2026-11-22T10:00:00Z"));
  private final History history = new History(store, 3);

  private static final Plan PLAN =
      new Plan(
          CHECKOUT_PROD,
          Events.artifactId("checkout:v2"),
          "manual",
          List.of(new Step.Bake(Duration.ofSeconds(1)), new Step.Bake(Duration.ofSeconds(2))));

  private static DeploymentStarted started(DeploymentId id) {
    return new DeploymentStarted(
        id,
        CHECKOUT_PROD,
        PLAN.artifact(),
        "manual",
        DeploymentKind.DEPLOY,
        null,
        2,
        PlanCodec.encode(PLAN));
  }

  private void record(Event... events) {
    for (Event event : events) {
      history.record(s -> List.of(draft(event)));
    }
  }

  @Test
  void stepsAdvanceInOrder_andSlotsAreBound() {
    record(
        registered("checkout", "v2"),
        started(D1),
        new StepStarted(D1, CHECKOUT_PROD, 1, "launch new-1"));
    record(
        new StepFinished(
            D1,
            CHECKOUT_PROD,
            1,
            StepOutcome.DONE,
            "launched",
            "new-1",
            InstanceId.of("checkout-x1"),
            null));
    Deployment d = history.current().deployment(D1).orElseThrow();
    assertThat(d.finishedSteps()).isEqualTo(1);
    assertThat(d.currentStep()).isZero();
    assertThat(d.slots()).containsEntry("new-1", InstanceId.of("checkout-x1"));
    assertThat(PlanCodec.decode(d.plan())).isEqualTo(PLAN);
    assertThat(history.current().activeDeployment(CHECKOUT_PROD)).contains(d);
    assertThat(history.current().nextDeploymentId(ServiceName.of("checkout")))
        .isEqualTo(DeploymentId.of("checkout-2"));
  }

  @Test
  void secondDeploymentOnTheFleet_isAConflictNamingTheRunningOne() {
    record(
        registered("checkout", "v2"),
        started(D1),
        new StepStarted(D1, CHECKOUT_PROD, 1, "bake 1s"));
    assertThatThrownBy(() -> record(started(DeploymentId.of("checkout-2"))))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "deployment checkout-1 is already running on checkout/production (step 1 of 2); wait"
                + " for it, or abort it with 'conveyor deployment abort checkout-1'");
  }

  @Test
  void stepsOutOfOrder_areRefused() {
    record(registered("checkout", "v2"), started(D1));
    assertThatThrownBy(() -> record(new StepStarted(D1, CHECKOUT_PROD, 2, "bake 2s")))
        .hasMessage("deployment checkout-1 cannot start step 2: the next step is 1");
    record(new StepStarted(D1, CHECKOUT_PROD, 1, "bake 1s"));
    assertThatThrownBy(() -> record(new StepStarted(D1, CHECKOUT_PROD, 1, "bake 1s")))
        .hasMessage("deployment checkout-1 cannot start step 1: step 1 is in progress");
    assertThatThrownBy(
            () ->
                record(
                    new StepFinished(D1, CHECKOUT_PROD, 2, StepOutcome.DONE, "", null, null, null)))
        .hasMessage("deployment checkout-1 cannot finish step 2: step 1 is");
  }

  @Test
  void pauseResumeApproveFinish_andThenOnlyASummaryStays() {
    record(
        registered("checkout", "v2"),
        started(D1),
        new DeploymentPaused(D1, CHECKOUT_PROD, "look at the graphs"));
    assertThat(history.current().deployment(D1).orElseThrow().status())
        .isEqualTo(DeploymentStatus.PAUSED);
    assertThatThrownBy(() -> record(new DeploymentPaused(D1, CHECKOUT_PROD, "again")))
        .hasMessage("deployment checkout-1 is already paused");
    record(
        new DeploymentResumed(D1, CHECKOUT_PROD, "looks fine"),
        new DeploymentApproved(D1, CHECKOUT_PROD, 2, "signed off"));
    assertThat(history.current().deployment(D1).orElseThrow().approvals()).containsExactly(2);
    record(new DeploymentFinished(D1, CHECKOUT_PROD, DeploymentStatus.ABORTED, "aborted by alice"));

    Deployment done = history.current().deployment(D1).orElseThrow();
    assertThat(done.status()).isEqualTo(DeploymentStatus.ABORTED);
    assertThat(done.reason()).isEqualTo("aborted by alice");
    assertThat(done.plan()).isNull();
    assertThat(history.current().activeDeployment(CHECKOUT_PROD)).isEmpty();
    assertThatThrownBy(() -> record(new StepStarted(D1, CHECKOUT_PROD, 1, "x")))
        .hasMessage("deployment checkout-1 has finished (aborted)");
    record(started(DeploymentId.of("checkout-2")));
  }

  @Test
  void snapshot_keepsRunningDeploymentsExactly() {
    record(
        registered("checkout", "v2"),
        started(D1),
        new StepStarted(D1, CHECKOUT_PROD, 1, "bake 1s"));
    Snapshot snapshot = store.snapshotAtOrBefore(3).orElseThrow();
    SystemState restored = StateCodec.restore(snapshot);
    assertThat(restored.deployments())
        .containsExactlyInAnyOrderElementsOf(history.at(3).deployments());
    assertThat(restored.deployment(D1).orElseThrow().currentStep()).isEqualTo(1);
  }
}
