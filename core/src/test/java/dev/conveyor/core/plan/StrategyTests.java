package dev.conveyor.core.plan;

import static dev.conveyor.core.testing.Events.CHECKOUT_PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StrategyTests {
  private static final ArtifactId V1 = Events.artifactId("checkout:v1");
  private static final ArtifactId V2 = Events.artifactId("checkout:v2");
  private static final String V2S = V2.shortForm();
  private static final String V1S = V1.shortForm();

  private static Instance active(String id, int weight) {
    return new Instance(
        InstanceId.of(id),
        CHECKOUT_PROD,
        V1,
        ActivationState.ACTIVE,
        weight,
        Endpoint.of("127.0.0.1", 9000),
        Instant.EPOCH,
        1);
  }

  private static final List<Instance> THREE =
      List.of(active("checkout-a", 3334), active("checkout-b", 3333), active("checkout-c", 3333));

  private static List<String> steps(Plan plan) {
    return plan.steps().stream().map(Step::describe).toList();
  }

  private static Plan plan(String strategy, List<Instance> fleet, StrategyOptions options) {
    return Strategy.named(strategy).plan(CHECKOUT_PROD, fleet, V2, options);
  }

  private static final StrategyOptions AGAINST_FLEET =
      StrategyOptions.defaults().withBaseline(BaselineChoice.FLEET);

  @Nested
  class Canary {
    @Test
    void canary_onAOneInstanceFleet_atAShareItCannotExceed_isNotActivatedTwice() {
      // Found by the pipeline's production stage: one v1 instance, shares [50%]. Beside an equal
      // copy the canary's last share already carries the old instance's weight; the plan used to
      // activate it again with that weight, which PlanOutline refuses as a no-op.
      List<Instance> one = List.of(active("checkout-a", 10000));
      Plan plan = plan("canary", one, StrategyOptions.defaults().withCanaryShares(List.of(0.5)));
      assertThat(steps(plan))
          .containsExactly(
              "launch new-1 from artifact " + V2S,
              "launch new-2 from artifact " + V1S,
              "activate new-2 with weight 10000",
              "activate new-1 with weight 10000",
              "verify new-1 against new-2 for 1m to 1h",
              "deactivate new-2",
              "deactivate checkout-a");
      assertThat(PlanOutline.of(plan, one).launches()).isEqualTo(2);
    }

    @Test
    void canary_besideAFreshCopyOfTheOldVersion_atEqualWeights_judgedAgainstIt() {
      Plan plan = plan("canary", THREE, StrategyOptions.defaults());
      assertThat(steps(plan))
          .containsExactly(
              "launch new-1 from artifact " + V2S,
              "launch new-2 from artifact " + V1S,
              "activate new-2 with weight 102",
              "activate new-1 with weight 102",
              "verify new-1 against new-2 for 1m to 1h",
              "activate new-2 with weight 556",
              "activate new-1 with weight 556",
              "verify new-1 against new-2 for 1m to 1h",
              "activate new-2 with weight 5000",
              "activate new-1 with weight 5000",
              "verify new-1 against new-2 for 1m to 1h",
              "activate new-2 with weight 10000",
              "activate new-1 with weight 10000",
              "verify new-1 against new-2 for 1m to 1h",
              "activate new-1 with weight 3334",
              "deactivate new-2",
              "deactivate checkout-a",
              "launch new-3 from artifact " + V2S,
              "activate new-3 with weight 3333",
              "deactivate checkout-b",
              "launch new-4 from artifact " + V2S,
              "activate new-4 with weight 3333",
              "deactivate checkout-c");
      PlanOutline outline = PlanOutline.of(plan, THREE);
      assertThat(outline.shares().get(3)).isCloseTo(0.01, within(0.0002));
      assertThat(outline.shares().get(6)).isCloseTo(0.05, within(0.0002));
      assertThat(outline.shares().get(9)).isCloseTo(0.25, within(0.0002));
      // 50% cannot be reached beside an equal copy: the largest weight gives a third.
      assertThat(outline.shares().get(12)).isCloseTo(1.0 / 3, within(0.0002));
      assertThat(outline.launches()).isEqualTo(4);
    }

    @Test
    void canary_againstTheFleet_progressiveSharesThenReplacesOneByOne() {
      Plan plan = plan("canary", THREE, AGAINST_FLEET);
      assertThat(steps(plan))
          .containsExactly(
              "launch new-1 from artifact " + V2S,
              "activate new-1 with weight 101",
              "verify new-1 against checkout-a, checkout-b, checkout-c for 1m to 1h",
              "activate new-1 with weight 526",
              "verify new-1 against checkout-a, checkout-b, checkout-c for 1m to 1h",
              "activate new-1 with weight 3333",
              "verify new-1 against checkout-a, checkout-b, checkout-c for 1m to 1h",
              "activate new-1 with weight 10000",
              "verify new-1 against checkout-a, checkout-b, checkout-c for 1m to 1h",
              "activate new-1 with weight 3334",
              "deactivate checkout-a",
              "launch new-2 from artifact " + V2S,
              "activate new-2 with weight 3333",
              "deactivate checkout-b",
              "launch new-3 from artifact " + V2S,
              "activate new-3 with weight 3333",
              "deactivate checkout-c");
      PlanOutline outline = PlanOutline.of(plan, THREE);
      assertThat(outline.shares().subList(0, 9))
          .satisfies(s -> assertThat(s.get(1)).isCloseTo(0.01, within(0.0002)))
          .satisfies(s -> assertThat(s.get(3)).isCloseTo(0.05, within(0.0002)))
          .satisfies(s -> assertThat(s.get(5)).isCloseTo(0.25, within(0.0002)))
          .satisfies(s -> assertThat(s.get(7)).isCloseTo(0.50, within(0.0002)));
      assertThat(outline.shares().get(outline.shares().size() - 1)).isEqualTo(1.0);
      assertThat(outline.largestShare()).isEqualTo(1.0);
      assertThat(outline.shortest()).isEqualTo(Duration.ofMinutes(4));
      assertThat(outline.longest()).isEqualTo(Duration.ofHours(4));
      assertThat(outline.launches()).isEqualTo(3);
    }
  }

  @Nested
  class Rolling {
    @Test
    void rolling_launchActivateVerifyDeactivate_perInstance() {
      assertThat(steps(plan("rolling", THREE, StrategyOptions.defaults())))
          .containsExactly(
              "launch new-1 from artifact " + V2S,
              "activate new-1 with weight 3334",
              "verify new-1 against checkout-a, checkout-b, checkout-c for 1m to 1h",
              "deactivate checkout-a",
              "launch new-2 from artifact " + V2S,
              "activate new-2 with weight 3333",
              "verify new-1, new-2 against checkout-b, checkout-c for 1m to 1h",
              "deactivate checkout-b",
              "launch new-3 from artifact " + V2S,
              "activate new-3 with weight 3333",
              "verify new-1, new-2, new-3 against checkout-c for 1m to 1h",
              "deactivate checkout-c");
    }

    @Test
    void rolling_largestShareBeforeTheLastVerify_isTheWholeFleetButOne() {
      PlanOutline outline =
          PlanOutline.of(plan("rolling", THREE, StrategyOptions.defaults()), THREE);
      assertThat(outline.shares().get(1)).isCloseTo(3334.0 / 13334, within(1e-9));
      assertThat(outline.largestShare()).isEqualTo(1.0);
    }

    @Test
    void emptyFleet_startsInstancesOneAtATime() {
      assertThat(
              steps(plan("rolling", List.of(), StrategyOptions.defaults().withInitialInstances(2))))
          .containsExactly(
              "launch new-1 from artifact " + V2S,
              "activate new-1 with weight 5000",
              "launch new-2 from artifact " + V2S,
              "activate new-2 with weight 5000");
    }
  }

  @Nested
  class BlueGreen {
    @Test
    void blueGreen_greenInStandby_slice_switch_window_thenBlueGoes() {
      assertThat(steps(plan("blue-green", THREE, StrategyOptions.defaults())))
          .containsExactly(
              "launch new-1 from artifact " + V2S,
              "launch new-2 from artifact " + V2S,
              "launch new-3 from artifact " + V2S,
              "launch new-4 from artifact " + V1S,
              "activate new-4 with weight 556",
              "activate new-1 with weight 556",
              "verify new-1 against new-4 for 1m to 1h",
              "activate new-1 with weight 3334",
              "activate new-2 with weight 3333",
              "activate new-3 with weight 3333",
              "deactivate new-4",
              "standby checkout-a",
              "standby checkout-b",
              "standby checkout-c",
              "bake 10m",
              "deactivate checkout-a",
              "deactivate checkout-b",
              "deactivate checkout-c");
    }
  }

  @Nested
  class Partial {
    @Test
    void partial_replacesKThenHolds() {
      assertThat(
              steps(
                  plan(
                      "partial",
                      THREE,
                      StrategyOptions.defaults().withPartial(1, Duration.ofMinutes(30)))))
          .containsExactly(
              "launch new-1 from artifact " + V2S,
              "activate new-1 with weight 3334",
              "deactivate checkout-a",
              "verify new-1 against checkout-b, checkout-c for 30m to 30m");
    }

    @Test
    void partial_replacingAll_isRefusedWithTheFix() {
      assertThatThrownBy(
              () ->
                  plan(
                      "partial",
                      THREE,
                      StrategyOptions.defaults().withPartial(3, Duration.ofMinutes(1))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "partial: replacing 3 of 3 instances leaves no old instance to compare with; replace"
                  + " fewer (--replace 1 to 2), or use rolling");
    }
  }

  @Nested
  class Bifurcated {
    @Test
    void bifurcated_againstTheFleet_theNoiseCopyGoesBeforeTheCanary() {
      List<String> steps =
          steps(plan("bifurcated", THREE, AGAINST_FLEET.withCanaryShares(List.of(0.05))));
      assertThat(steps.subList(4, 8))
          .containsExactly(
              "compare the shadow answers of new-1 against new-2 for 1m to 1h",
              "deactivate new-2",
              "activate new-1 with weight 526",
              "verify new-1 against checkout-a, checkout-b, checkout-c for 1m to 1h");
    }

    @Test
    void bifurcated_shadowBesideANoiseCopy_thenCanaryAgainstThatCopy() {
      List<String> steps =
          steps(
              plan(
                  "bifurcated", THREE, StrategyOptions.defaults().withCanaryShares(List.of(0.05))));
      assertThat(steps.subList(0, 8))
          .containsExactly(
              "launch new-1 from artifact " + V2S,
              "launch new-2 from artifact " + V1S,
              "shadow new-1",
              "shadow new-2",
              "compare the shadow answers of new-1 against new-2 for 1m to 1h",
              "activate new-2 with weight 556",
              "activate new-1 with weight 556",
              "verify new-1 against new-2 for 1m to 1h");
      assertThat(steps.subList(8, 11))
          .containsExactly(
              "activate new-1 with weight 3334", "deactivate new-2", "deactivate checkout-a");
      assertThat(steps).contains("deactivate checkout-c");
    }
  }

  @Test
  void unknownBaseline_namesTheValueAndTheChoices() {
    assertThatThrownBy(() -> BaselineChoice.parse("warm"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "baseline 'warm' is not known: choose fresh (a new instance of the old version beside"
                + " the candidate) or fleet (the instances serving now)");
  }

  @Test
  void unknownStrategy_listsTheKnownOnes() {
    assertThatThrownBy(() -> Strategy.named("yolo"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "unknown strategy 'yolo': choose one of rolling, canary, blue-green, partial, bifurcated");
  }

  @Test
  void everyStrategy_changesOneInstancePerStep_andItsPlanApplies() {
    for (Strategy strategy : Strategy.ALL) {
      for (BaselineChoice baseline : BaselineChoice.values()) {
        Plan plan =
            strategy.plan(
                CHECKOUT_PROD, THREE, V2, StrategyOptions.defaults().withBaseline(baseline));
        PlanOutline outline = PlanOutline.of(plan, THREE); // throws if a step could not apply
        assertThat(plan.strategy()).isEqualTo(strategy.name());
        assertThat(outline.shares().get(outline.shares().size() - 1))
            .as("%s against %s ends with the candidate serving", strategy.name(), baseline)
            .isGreaterThan(0.0);
      }
    }
  }
}
