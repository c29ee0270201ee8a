package dev.conveyor.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.conveyor.core.config.ConfigException;
import dev.conveyor.core.fleet.ServiceName;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SloConfigTests {
  private static final String GOOD =
      """
      services:
        shop:
          window: 28d
          objectives:
            - name: availability
              kind: availability
              target: 99.9%
              latency: 1s
            - name: fast-pages
              kind: latency
              target: 0.99
              latency: 300ms
            - name: checkouts
              kind: flow
              route: POST /checkout
              minPerMinute: 5
              target: 99%
      policy:
        exhausted: refuse
        fastBurn: pause
        exposureCap: 20%
        thresholds:
          - {below: 10%, tighten: 10}
          - {above: 90%, ease: 2}
      alerts:
        webhooks: [https://hooks.example.com/conveyor, http://127.0.0.1:9/alerts]
      """;

  @Test
  void aWholeFile_reads() {
    SloConfig config = SloConfig.parse(GOOD, "slos.yaml");
    SloSpec shop = config.service(ServiceName.of("shop")).orElseThrow();
    assertThat(shop.window()).isEqualTo(Duration.ofDays(28));
    assertThat(shop.objectives())
        .extracting(Objective::name)
        .containsExactly("availability", "fast-pages", "checkouts");
    assertThat(shop.objectives().get(0).target()).isCloseTo(0.999, within(1e-12));
    assertThat(shop.objectives().get(1).latency()).contains(Duration.ofMillis(300));
    assertThat(shop.objectives().get(2).route()).contains("POST /checkout");
    assertThat(config.policy().rollbackOnFastBurn()).isFalse();
    assertThat(config.policy().exposureCap()).isCloseTo(0.2, within(1e-12));
    assertThat(config.policy().adjustment(0.95).delta()).isEqualTo(-2);
    assertThat(config.webhooks())
        .containsExactly(
            java.net.URI.create("https://hooks.example.com/conveyor"),
            java.net.URI.create("http://127.0.0.1:9/alerts"));
    assertThat(config.policy().capsExposure()).isTrue();
    assertThat(
            SloConfig.parse("policy:\n  exposureCap: off\n", "slos.yaml").policy().capsExposure())
        .isFalse();
    // 28 days of minutes, plus 7 for the burn-down chart's reach back.
    assertThat(config.retention()).isEqualTo(Duration.ofDays(35));
  }

  private static void refused(String yaml, String message) {
    assertThatThrownBy(() -> SloConfig.parse(yaml, "slos.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void badInput_isRefusedNamingFileLineAndKey() {
    refused(
        "services:\n  shop:\n    objectives:\n      - {name: a, kind: uptime, target: 99%}\n",
        "slos.yaml:4: 'services.shop.objectives[0].kind' must be one of availability, latency,"
            + " flow, got 'uptime'");
    refused(
        "services:\n  shop:\n    objectives:\n      - {name: a, kind: availability, target: 120%}\n",
        "slos.yaml:4: 'services.shop.objectives[0].target' must be a share above 0 and below"
            + " 100%, such as 99.9%, got '120%'");
    refused(
        "services:\n  shop:\n    objectives:\n      - {name: c, kind: flow, target: 99%, minPerMinute: 5}\n",
        "slos.yaml:4: 'services.shop.objectives[0]' is a flow objective: give 'route', the"
            + " requests that make the flow, such as POST /checkout");
    refused(
        "services:\n  shop:\n    objectives:\n      - {name: a, kind: availability, target: 99%}\n"
            + "      - {name: a, kind: availability, target: 98%}\n",
        "slos.yaml:3: shop: objective 'a' is named twice");
    refused(
        "policy:\n  exhausted: ignore\n",
        "slos.yaml:2: 'policy.exhausted' must be refuse or allow, got 'ignore'");
    refused(
        "policy:\n  exposureCap: 0%\n",
        "slos.yaml:2: 'policy.exposureCap' must be a share above 0 and at most 100%, such as 25%,"
            + " or off, got '0%'");
    refused(
        "alerts:\n  webhooks: [ftp://hooks.example.com/x]\n",
        "slos.yaml:2: 'alerts.webhooks' must hold http or https URLs, such as"
            + " https://hooks.example.com/conveyor, got 'ftp://hooks.example.com/x'");
    refused(
        "alerts:\n  email: ops@example.com\n",
        "slos.yaml:2: unknown key 'email' in 'alerts' (allowed: webhooks)");
  }
}
