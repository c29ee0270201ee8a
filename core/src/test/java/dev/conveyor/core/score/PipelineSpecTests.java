package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.conveyor.core.config.ConfigException;
import dev.conveyor.core.fleet.EnvironmentName;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PipelineSpecTests {
  private static PipelineSpec read(String yaml) {
    return PipelineSpec.parse(yaml, "pipeline.yaml");
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
    void read_everyKey_isRead() {
      PipelineSpec spec =
          read(
              """
              environments:
                - name: dev
                  threshold: 80
                  measures:
                    review: {weight: 2, vetoBelow: 100}
                    tests: {weight: 3, vetoBelow: 100}
                    coverage: {weight: 1, target: 80}
                    lint:
                      weight: 1.5
                      penalties: {error: 20, info: 0.5}
                    happiness: {weight: 0, optional: true}
                - name: staging
                  threshold: 92.5
                  measures:
                    tests:
                    flows: {weight: 3, vetoBelow: 90}
              """);

      assertThat(spec.environments()).containsExactly(EnvironmentName.DEV, EnvironmentName.STAGING);
      assertThat(spec.gate(EnvironmentName.DEV).orElseThrow())
          .isEqualTo(
              new Gate(
                  EnvironmentName.DEV,
                  80,
                  List.of(
                      MeasureSpec.of(MeasureKind.REVIEW, 2).vetoBelow(100),
                      MeasureSpec.of(MeasureKind.TESTS, 3).vetoBelow(100),
                      MeasureSpec.of(MeasureKind.COVERAGE, 1).withTarget(80),
                      MeasureSpec.of(MeasureKind.LINT, 1.5)
                          .withPenalties(new LintPenalties(20, 2, 0.5)),
                      MeasureSpec.of(MeasureKind.HAPPINESS, 0).asOptional())));
      assertThat(spec.gate(EnvironmentName.STAGING).orElseThrow())
          .isEqualTo(
              new Gate(
                  EnvironmentName.STAGING,
                  92.5,
                  List.of(
                      MeasureSpec.of(MeasureKind.TESTS, 1),
                      MeasureSpec.of(MeasureKind.FLOWS, 3).vetoBelow(90))));
      assertThat(spec.next(EnvironmentName.DEV)).contains(EnvironmentName.STAGING);
      assertThat(spec.next(EnvironmentName.STAGING)).isEmpty();
    }

    @Test
    void read_noEnvironments_isTheDefault() {
      PipelineSpec spec = read("# nothing configured\n");

      assertThat(spec).isEqualTo(PipelineSpec.DEFAULT);
      assertThat(spec.environments()).isEqualTo(EnvironmentName.DEFAULTS);
      Gate dev = spec.gate(EnvironmentName.DEV).orElseThrow();
      assertThat(dev.threshold()).isEqualTo(80);
      assertThat(dev.spec(MeasureKind.COVERAGE).orElseThrow().target())
          .isEqualTo(OptionalDouble.of(75));
      assertThat(dev.spec(MeasureKind.LINT).orElseThrow().penalties())
          .isEqualTo(Optional.of(LintPenalties.DEFAULT));
    }
  }

  @Nested
  class Errors {
    @Test
    void unknownMeasure_suggestsTheNearest() {
      assertThat(
              error(
                  """
                  environments:
                    - name: dev
                      threshold: 80
                      measures:
                        tests: {weight: 3}
                        coverge: {weight: 1}
                  """))
          .isEqualTo(
              "pipeline.yaml:6: unknown key 'coverge' in 'environments[0].measures'; did you mean"
                  + " 'coverage'? (allowed: coverage, flows, happiness, lint, performance, review,"
                  + " signoff, simulation, tests)");
    }

    @Test
    void unknownKey_inAMeasure_listsWhatIsAllowed() {
      assertThat(
              error(
                  """
                  environments:
                    - name: dev
                      threshold: 80
                      measures:
                        tests: {weight: 3, target: 90}
                  """))
          .isEqualTo(
              "pipeline.yaml:5: unknown key 'target' in 'environments[0].measures.tests'"
                  + " (allowed: optional, vetoBelow, weight)");
    }

    @Test
    void unknownKey_inAnEnvironment_suggests() {
      assertThat(error("environments:\n  - name: dev\n    treshold: 80\n    measures: {tests: }\n"))
          .isEqualTo(
              "pipeline.yaml:3: unknown key 'treshold' in 'environments[0]'; did you mean"
                  + " 'threshold'? (allowed: deploy, measures, name, simulation, staging, threshold, warn)");
    }

    @Test
    void thresholdOutOfRange_namesTheValue() {
      assertThat(
              error("environments:\n  - name: dev\n    threshold: 120\n    measures: {tests: }\n"))
          .isEqualTo(
              "pipeline.yaml:3: 'environments[0].threshold' must be a score from 0 to 100, such as"
                  + " 80, got '120'");
    }

    @Test
    void badNumber_namesTheValue() {
      assertThat(
              error("environments:\n  - name: dev\n    threshold: high\n    measures: {tests: }\n"))
          .isEqualTo("pipeline.yaml:3: 'environments[0].threshold' must be a number, got 'high'");
    }

    @Test
    void weightOutOfRange_namesTheValue() {
      assertThat(
              error(
                  """
                  environments:
                    - name: dev
                      threshold: 80
                      measures:
                        tests:
                          weight: -1
                  """))
          .isEqualTo(
              "pipeline.yaml:6: 'environments[0].measures.tests.weight' must be a weight from 0"
                  + " (shown, not counted) to 100, such as 1, got '-1'");
    }

    @Test
    void coverageTargetOutOfRange_namesTheValue() {
      assertThat(
              error(
                  """
                  environments:
                    - name: dev
                      threshold: 80
                      measures:
                        coverage: {target: 0}
                  """))
          .isEqualTo(
              "pipeline.yaml:5: 'environments[0].measures.coverage.target' must be a line-coverage"
                  + " percentage above 0 and at most 100, such as 80, got '0'");
    }

    @Test
    void negativePenalty_namesTheValue() {
      assertThat(
              error(
                  """
                  environments:
                    - name: dev
                      threshold: 80
                      measures:
                        lint:
                          penalties: {warning: -2}
                  """))
          .isEqualTo(
              "pipeline.yaml:6: 'environments[0].measures.lint.penalties.warning' must be a penalty"
                  + " of 0 or more points per finding, such as 2, got '-2'");
    }

    @Test
    void missingThreshold_saysSo() {
      assertThat(error("environments:\n  - name: dev\n    measures: {tests: }\n"))
          .isEqualTo("pipeline.yaml:2: missing key 'environments[0].threshold'");
    }

    @Test
    void noMeasures_saysWhichAreAllowed() {
      assertThat(error("environments:\n  - name: dev\n    threshold: 80\n    measures: {}\n"))
          .isEqualTo(
              "pipeline.yaml:4: 'environments[0].measures' must name at least one measure"
                  + " (allowed: review, tests, coverage, lint, simulation, happiness, flows,"
                  + " performance, signoff)");
    }

    @Test
    void everyWeightZero_couldNeverPass() {
      assertThat(
              error(
                  """
                  environments:
                    - name: dev
                      threshold: 80
                      measures:
                        happiness: {weight: 0}
                  """))
          .isEqualTo(
              "pipeline.yaml:5: 'environments[0].measures' gives every measure weight 0, so the"
                  + " gate could never pass; give at least one a weight above 0");
    }

    @Test
    void repeatedEnvironment_namesBoth() {
      assertThat(
              error(
                  """
                  environments:
                    - name: dev
                      threshold: 80
                      measures: {tests: }
                    - name: dev
                      threshold: 90
                      measures: {tests: }
                  """))
          .isEqualTo(
              "pipeline.yaml:5: 'environments[1].name' repeats environment 'dev' of"
                  + " 'environments[0]'; each environment appears once");
    }

    @Test
    void emptyList_saysOneIsNeeded() {
      assertThat(error("environments: []\n"))
          .isEqualTo(
              "pipeline.yaml:1: 'environments' must list at least one environment, such as dev");
    }
  }
}
