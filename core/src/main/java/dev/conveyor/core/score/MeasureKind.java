package dev.conveyor.core.score;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The measures a gate may name, by the name used in pipeline configs, events and the UI.
 *
 * <p>The dev measures have readers in this package. The staging measures ({@link #FLOWS}, {@link
 * #PERFORMANCE}, {@link #SIGNOFF}) come from a replay in staging ({@link
 * dev.conveyor.core.replay.FlowReport}, {@link dev.conveyor.core.replay.PerformanceComparison}) and
 * an approver's sign-off.
 */
public enum MeasureKind {
  /** Every commit since the production artifact's carries an independent {@code Reviewed-by}. */
  REVIEW("review"),
  /** Pass ratio of the unit tests, from JUnit XML reports: {@link JUnitReports}. */
  TESTS("tests"),
  /** Line coverage against the team's target, from a JaCoCo XML report: {@link JacocoReport}. */
  COVERAGE("coverage"),
  /** Findings by severity, from Checkstyle XML or SARIF: {@link LintReport}. */
  LINT("lint"),
  /** A simulation with standard test data: exit code and summary line: {@link SimulationResult}. */
  SIMULATION("simulation"),
  /** The team's weekly developer-happiness survey: {@link SurveyScore}. */
  HAPPINESS("happiness"),
  /** Message-flow adherence of the candidate against production in staging: {@code FlowReport}. */
  FLOWS("flows"),
  /** Latency percentiles of the candidate against production in staging. */
  PERFORMANCE("performance"),
  /** A manual sign-off by an approver who is not the artifact's author. */
  SIGNOFF("signoff");

  private final String label;

  MeasureKind(String label) {
    this.label = label;
  }

  /** The name used in configs and evidence, e.g. {@code coverage}. */
  public String label() {
    return label;
  }

  /** Every label, in declaration order. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(MeasureKind::label).toList();
  }

  /** The kind named {@code label}, if there is one. */
  public static Optional<MeasureKind> byLabel(String label) {
    return Arrays.stream(values()).filter(kind -> kind.label.equals(label)).findFirst();
  }

  @Override
  public String toString() {
    return label;
  }
}
