package dev.conveyor.core.plan;

import static dev.conveyor.core.testing.Events.CHECKOUT_PROD;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.testing.Events;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTests {
  private static final InstanceRef.Slot NEW_1 = new InstanceRef.Slot("new-1");

  @Test
  void slotUsedBeforeItsLaunch_isRefused() {
    assertThatThrownBy(
            () ->
                new Plan(
                    CHECKOUT_PROD,
                    Events.artifactId("x"),
                    "manual",
                    List.of(Step.Change.activate(NEW_1, 100))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "step 1 (activate new-1 with weight 100): new-1 is not launched by an earlier step");
  }

  @Test
  void slotLaunchedTwice_isRefused() {
    assertThatThrownBy(
            () ->
                new Plan(
                    CHECKOUT_PROD,
                    Events.artifactId("x"),
                    "manual",
                    List.of(
                        new Step.Launch(NEW_1, Events.artifactId("x")),
                        new Step.Launch(NEW_1, Events.artifactId("x")))))
        .hasMessage("step 2: slot new-1 is launched twice; give each launch its own slot");
  }

  @Test
  void outline_unknownInstance_namesTheStep() {
    Plan plan =
        new Plan(
            CHECKOUT_PROD,
            Events.artifactId("x"),
            "manual",
            List.of(
                new Step.Bake(Duration.ofSeconds(1)),
                Step.Change.deactivate(new InstanceRef.Existing(InstanceId.of("checkout-zz")))));
    assertThatThrownBy(() -> PlanOutline.of(plan, List.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("step 2 (deactivate checkout-zz): instance checkout-zz is not in the fleet");
  }

  @Test
  void outline_changeTheStateWillNotAllow_isAConflict() {
    Plan plan =
        new Plan(
            CHECKOUT_PROD,
            Events.artifactId("x"),
            "manual",
            List.of(
                new Step.Launch(NEW_1, Events.artifactId("x")),
                Step.Change.activate(NEW_1, 100),
                Step.Change.activate(NEW_1, 100)));
    assertThatThrownBy(() -> PlanOutline.of(plan, List.of()))
        .isInstanceOf(ConflictException.class)
        .hasMessage("step 3 (activate new-1 with weight 100): new-1 will be active then");
  }

  @Test
  void slotNames_areChecked() {
    assertThatThrownBy(() -> new InstanceRef.Slot("canary"))
        .hasMessage(
            "slot 'canary' is not valid: a slot is 'new-' and up to 20 lowercase letters, digits or '-', e.g. new-1");
  }
}
