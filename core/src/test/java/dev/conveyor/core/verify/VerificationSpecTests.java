package dev.conveyor.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.conveyor.core.config.ConfigException;
import dev.conveyor.core.config.ConfigReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class VerificationSpecTests {
  private static VerificationSpec read(String yaml) {
    ConfigReader root = ConfigReader.parse(yaml, "plan.yaml");
    VerificationSpec spec = VerificationSpec.read(root.child("verify"));
    root.done();
    return spec;
  }

  /** The message of the ConfigException reading {@code yaml} must throw. */
  private static String error(String yaml) {
    Throwable thrown = catchThrowable(() -> read(yaml));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return thrown.getMessage();
  }

  @Nested
  class Reading {
    @Test
    void read_emptyBlock_isTheDefault() {
      assertThat(read("verify: {}\n")).isEqualTo(VerificationSpec.DEFAULT);
    }

    @Test
    void read_default_hasTheDocumentedValues() {
      VerificationSpec spec = VerificationSpec.DEFAULT;

      assertThat(spec.minDuration()).isEqualTo(Duration.ofMinutes(1));
      assertThat(spec.maxDuration()).isEqualTo(Duration.ofHours(1));
      assertThat(spec.minRequests()).isEqualTo(200);
      assertThat(spec.onInconclusive()).isEqualTo(OnInconclusive.APPROVE);
      assertThat(spec.errors()).contains(new Comparison(0.01, 0.05, 2, 10, 0.001));
      assertThat(spec.latency()).contains(new LatencyComparison(0.99, Comparison.LATENCY));
      assertThat(spec.flows()).contains(new FlowComparison(0.01, 0.5, List.of()));
      assertThat(spec.limits()).isEqualTo(Limits.NONE);
    }

    @Test
    void read_everyKey_isRead() {
      VerificationSpec spec =
          read(
              """
              verify:
                minDuration: 2m
                maxDuration: 20m
                minRequests: 500
                onInconclusive: fail
                errors:
                  alpha: 0.001
                  beta: 0.1
                  minRegression: 1.5
                  detect: 5
                  negligible: 0
                latency:
                  quantile: 0.95
                  minRegression: 3
                flows:
                  alpha: 0.02
                  minRatio: 0.25
                  routes: [POST /checkout, GET /products]
                limits:
                  errorRatio: 0.05
                  p99: 800ms
                  flowPerSecond: {POST /checkout: 2, GET /products: 10.5}
              """);

      assertThat(spec)
          .isEqualTo(
              new VerificationSpec(
                  Duration.ofMinutes(2),
                  Duration.ofMinutes(20),
                  500,
                  OnInconclusive.FAIL,
                  Optional.of(new Comparison(0.001, 0.1, 1.5, 5, 0)),
                  Optional.of(new LatencyComparison(0.95, new Comparison(0.01, 0.05, 3, 10, 0))),
                  Optional.of(
                      new FlowComparison(0.02, 0.25, List.of("POST /checkout", "GET /products"))),
                  new Limits(
                      OptionalDouble.of(0.05),
                      Optional.of(Duration.ofMillis(800)),
                      Map.of("POST /checkout", 2.0, "GET /products", 10.5))));
    }

    @Test
    void read_comparisonsOff_leavesThemOut() {
      VerificationSpec spec = read("verify:\n  errors: off\n  latency: off\n  flows: off\n");

      assertThat(spec.errors()).isEmpty();
      assertThat(spec.latency()).isEmpty();
      assertThat(spec.flows()).isEmpty();
    }

    @Test
    void read_latencyWarmup() {
      assertThat(read("verify:\n  latency: {warmup: 30s}\n").latency().orElseThrow().warmup())
          .isEqualTo(Duration.ofSeconds(30));
      assertThat(read("verify:\n  latency: {warmup: 0s}\n").latency().orElseThrow().warmup())
          .isEqualTo(Duration.ZERO);
    }

    @Test
    void read_minRegressionAboveTheDefaultDetect_raisesDetectToIt() {
      assertThat(read("verify:\n  errors: {minRegression: 20}\n").errors().orElseThrow().detect())
          .isEqualTo(20);
    }
  }

  @Nested
  class Errors {
    @Test
    void read_warmupNotADuration_saysWhatADurationIs() {
      assertThat(error("verify:\n  latency:\n    warmup: soon\n"))
          .isEqualTo(
              "plan.yaml:3: 'verify.latency.warmup' must be a duration such as 30s, 500ms or 2m,"
                  + " got 'soon'");
    }

    @Test
    void read_misspeltKey_suggestsTheKey() {
      assertThat(error("verify:\n  minDuraton: 1m\n"))
          .isEqualTo(
              "plan.yaml:2: unknown key 'minDuraton' in 'verify'; did you mean 'minDuration'?"
                  + " (allowed: errors, flows, latency, limits, maxDuration, minDuration,"
                  + " minRequests, onInconclusive)");
    }

    @Test
    void read_unknownErrorsKey_namesTheBlock() {
      assertThat(error("verify:\n  errors:\n    alpah: 0.01\n"))
          .isEqualTo(
              "plan.yaml:3: unknown key 'alpah' in 'verify.errors'; did you mean 'alpha'?"
                  + " (allowed: alpha, beta, detect, minRegression, negligible)");
    }

    @Test
    void read_alphaAboveOne_namesTheRuleAndAnExample() {
      assertThat(error("verify:\n  errors:\n    alpha: 1.5\n"))
          .isEqualTo(
              "plan.yaml:3: 'verify.errors.alpha' must be a probability between 0 and 1"
                  + " (exclusive), such as 0.01, got '1.5'");
    }

    @Test
    void read_alphaNotANumber_isTheReadersMessage() {
      assertThat(error("verify:\n  errors:\n    alpha: lots\n"))
          .isEqualTo("plan.yaml:3: 'verify.errors.alpha' must be a number, got 'lots'");
    }

    @Test
    void read_minRegressionOfOne_fails() {
      assertThat(error("verify:\n  latency:\n    minRegression: 1\n"))
          .isEqualTo(
              "plan.yaml:3: 'verify.latency.minRegression' must be a ratio above 1, such as 2"
                  + " (twice the baseline's rate), got '1'");
    }

    @Test
    void read_detectBelowMinRegression_namesMinRegression() {
      assertThat(error("verify:\n  errors:\n    minRegression: 3\n    detect: 2\n"))
          .isEqualTo(
              "plan.yaml:4: 'verify.errors.detect' must be a ratio at least minRegression (3),"
                  + " such as 10, got '2'");
    }

    @Test
    void read_onInconclusiveUnknown_listsTheChoices() {
      assertThat(error("verify:\n  onInconclusive: pass\n"))
          .isEqualTo("plan.yaml:2: 'verify.onInconclusive' must be fail or approve, got 'pass'");
    }

    @Test
    void read_maxDurationBelowMinDuration_saysWhichToChange() {
      assertThat(error("verify:\n  minDuration: 15m\n  maxDuration: 10m\n"))
          .isEqualTo(
              "plan.yaml:3: 'verify.maxDuration' (10m) must be at least 'verify.minDuration'"
                  + " (15m); raise maxDuration or lower minDuration");
    }

    @Test
    void read_maxDurationZero_fails() {
      assertThat(error("verify:\n  maxDuration: 0s\n"))
          .isEqualTo(
              "plan.yaml:2: 'verify.maxDuration' must be a positive duration, such as 30m, got"
                  + " '0s'");
    }

    @Test
    void read_negativeMinRequests_fails() {
      assertThat(error("verify:\n  minRequests: -1\n"))
          .isEqualTo(
              "plan.yaml:2: 'verify.minRequests' must be a count of 0 or more, such as 200, got"
                  + " '-1'");
    }

    @Test
    void read_comparisonNeitherMappingNorOff_fails() {
      assertThat(error("verify:\n  errors: no\n"))
          .isEqualTo(
              "plan.yaml:2: 'verify.errors' must be a mapping of settings, or off, got 'no'");
    }

    @Test
    void read_routeListedTwice_namesIt() {
      assertThat(error("verify:\n  flows:\n    routes: [GET /a, GET /a]\n"))
          .isEqualTo("plan.yaml:3: 'verify.flows.routes' lists 'GET /a' twice");
    }

    @Test
    void read_minRatioOfOne_fails() {
      assertThat(error("verify:\n  flows: {minRatio: 1}\n"))
          .isEqualTo(
              "plan.yaml:2: 'verify.flows.minRatio' must be a ratio between 0 and 1 (exclusive),"
                  + " such as 0.5 (half the candidate's share), got '1'");
    }

    @Test
    void read_flowLimitOfZero_namesTheRoute() {
      assertThat(error("verify:\n  limits:\n    flowPerSecond:\n      POST /checkout: 0\n"))
          .isEqualTo(
              "plan.yaml:4: 'verify.limits.flowPerSecond.POST /checkout' must be a positive"
                  + " number of successes per second, such as 2, got '0'");
    }

    @Test
    void read_errorRatioLimitAboveOne_fails() {
      assertThat(error("verify:\n  limits: {errorRatio: 5}\n"))
          .isEqualTo(
              "plan.yaml:2: 'verify.limits.errorRatio' must be an error ratio above 0 and at most"
                  + " 1, such as 0.05, got '5'");
    }

    @Test
    void read_p99LimitOfZero_fails() {
      assertThat(error("verify:\n  limits: {p99: 0ms}\n"))
          .isEqualTo(
              "plan.yaml:2: 'verify.limits.p99' must be a positive duration, such as 800ms, got"
                  + " '0ms'");
    }
  }
}
