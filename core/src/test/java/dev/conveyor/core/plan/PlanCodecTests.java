package dev.conveyor.core.plan;

import static dev.conveyor.core.testing.Events.CHECKOUT_PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.config.ConfigException;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PlanCodecTests {
  private static final ArtifactId V1 = Events.artifactId("checkout:v1");
  private static final ArtifactId V2 = Events.artifactId("checkout:v2");
  private static final List<Instance> FLEET =
      List.of(
          new Instance(
              InstanceId.of("checkout-a"),
              CHECKOUT_PROD,
              V1,
              ActivationState.ACTIVE,
              5000,
              Endpoint.of("127.0.0.1", 1),
              Instant.EPOCH,
              1),
          new Instance(
              InstanceId.of("checkout-b"),
              CHECKOUT_PROD,
              V1,
              ActivationState.ACTIVE,
              5000,
              Endpoint.of("127.0.0.1", 2),
              Instant.EPOCH,
              1));

  private static List<Plan> everyStrategysPlan() {
    StrategyOptions options =
        StrategyOptions.defaults()
            .withPartial(1, Duration.ofMinutes(3))
            .withBake(Duration.ofSeconds(90));
    return Strategy.ALL.stream().map(s -> s.plan(CHECKOUT_PROD, FLEET, V2, options)).toList();
  }

  @Test
  void json_roundTripsEveryStrategysPlan() {
    for (Plan plan : everyStrategysPlan()) {
      assertThat(PlanCodec.decode(PlanCodec.encode(plan))).isEqualTo(plan);
    }
  }

  @Test
  void yaml_roundTripsEveryStrategysPlan_andAnApproval() {
    for (Plan plan : everyStrategysPlan()) {
      assertThat(PlanYaml.read(PlanYaml.write(plan), "plan.yaml")).isEqualTo(plan);
    }
    Plan withApproval =
        new Plan(
            CHECKOUT_PROD,
            V2,
            "manual",
            List.of(new Step.Approve(Set.of("operator", "release-manager"), Duration.ofHours(1))));
    assertThat(PlanYaml.read(PlanYaml.write(withApproval), "plan.yaml")).isEqualTo(withApproval);
  }

  @Test
  void aSpecWithEveryKind_roundTripsThroughJsonAndYaml() {
    var spec =
        dev.conveyor.core.verify.VerificationSpec.read(
            dev.conveyor.core.config.ConfigReader.parse(
                "minDuration: 15s\nmaxDuration: 2m\nminRequests: 50\nonInconclusive: fail\n"
                    + "latency: off\nerrors: {alpha: 0.02, beta: 0.1, minRegression: 3, detect: 20, negligible: 0.002}\n"
                    + "flows:\n  minRatio: 0.4\n  routes: [POST /checkout, GET /products]\n"
                    + "limits:\n  errorRatio: 0.05\n  p99: 800ms\n  flowPerSecond: {POST /checkout: 2}\n",
                "verify.yaml"));
    Plan plan =
        Strategy.named("canary")
            .plan(CHECKOUT_PROD, FLEET, V2, StrategyOptions.defaults().withVerify(spec));
    assertThat(PlanCodec.decode(PlanCodec.encode(plan))).isEqualTo(plan);
    assertThat(PlanYaml.read(PlanYaml.write(plan), "plan.yaml")).isEqualTo(plan);
  }

  @Test
  void yaml_handWritten_readsAsWritten() {
    Plan plan =
        PlanYaml.read(
            "fleet: checkout/production\n"
                + "artifact: "
                + V2
                + "\n"
                + "steps:\n"
                + "  - launch: new-1\n"
                + "  - activate: new-1\n"
                + "    weight: 100\n"
                + "  - verify: [new-1]\n"
                + "    against: [checkout-a, checkout-b]\n"
                + "    spec: {minDuration: 10s, maxDuration: 1m}\n"
                + "  - bake: 30s\n"
                + "  - deactivate: checkout-a\n",
            "plan.yaml");
    assertThat(plan.strategy()).isEqualTo("manual");
    assertThat(plan.steps().stream().map(Step::describe))
        .containsExactly(
            "launch new-1 from artifact " + V2.shortForm(),
            "activate new-1 with weight 100",
            "verify new-1 against checkout-a, checkout-b for 10s to 1m",
            "bake 30s",
            "deactivate checkout-a");
  }

  @Nested
  class YamlErrors {
    private String plan(String steps) {
      return "fleet: checkout/production\nartifact: " + V2 + "\nsteps:\n" + steps;
    }

    @Test
    void noAction_listsTheActions() {
      assertThatThrownBy(() -> PlanYaml.read(plan("  - weight: 5\n"), "plan.yaml"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "plan.yaml:4: a step needs one of launch, activate, standby, shadow, deactivate, verify, bake, approve");
    }

    @Test
    void twoActions_isRefused() {
      assertThatThrownBy(
              () -> PlanYaml.read(plan("  - launch: new-1\n    bake: 5s\n"), "plan.yaml"))
          .hasMessage(
              "plan.yaml:4: a step has one action, but this one has both 'launch' and 'bake'");
    }

    @Test
    void activateWithoutWeight_namesTheKey() {
      assertThatThrownBy(
              () -> PlanYaml.read(plan("  - launch: new-1\n  - activate: new-1\n"), "plan.yaml"))
          .hasMessage("plan.yaml:5: missing key 'steps[1].weight'");
    }

    @Test
    void unknownKeyInAStep_suggestsTheFix() {
      assertThatThrownBy(
              () ->
                  PlanYaml.read(
                      plan("  - launch: new-1\n  - activate: new-1\n    wieght: 5\n"), "plan.yaml"))
          .hasMessage(
              "plan.yaml:6: unknown key 'wieght' in 'steps[1]'; did you mean 'weight'? (allowed: activate, weight)");
    }

    @Test
    void slotNotLaunched_namesTheStep() {
      assertThatThrownBy(
              () -> PlanYaml.read(plan("  - activate: new-1\n    weight: 5\n"), "plan.yaml"))
          .hasMessage(
              "plan.yaml:4: step 1 (activate new-1 with weight 5): new-1 is not launched by an earlier step");
    }

    @Test
    void badFleet_saysTheForm() {
      assertThatThrownBy(
              () ->
                  PlanYaml.read(
                      "fleet: checkout\nartifact: " + V2 + "\nsteps:\n  - bake: 1s\n", "plan.yaml"))
          .hasMessage(
              "plan.yaml:1: 'fleet': fleet 'checkout' is not <service>/<environment>, e.g. shop/production");
    }
  }
}
