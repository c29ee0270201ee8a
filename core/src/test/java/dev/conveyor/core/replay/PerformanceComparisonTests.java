package dev.conveyor.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.conveyor.core.score.MeasureKind;
import dev.conveyor.core.score.MeasureSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerformanceComparisonTests {
  private static final LatencyPercentiles PRODUCTION = new LatencyPercentiles(1500, 11.8, 29.0, 40);

  private static LatencyPercentiles withP99(double p99) {
    return new LatencyPercentiles(1500, 12.0, 30.1, p99);
  }

  @Test
  void score_withinTolerance_is100() {
    assertThat(PerformanceComparison.of(withP99(48), PRODUCTION, 0.2).score()).isEqualTo(100);
    assertThat(PerformanceComparison.of(withP99(35), PRODUCTION, 0.2).score()).isEqualTo(100);
  }

  @Test
  void score_betweenOnceAndTwiceTheTolerance_fallsLinearly() {
    assertThat(PerformanceComparison.of(withP99(52), PRODUCTION, 0.2).score())
        .isCloseTo(50, within(1e-9));
    assertThat(PerformanceComparison.of(withP99(56), PRODUCTION, 0.2).score()).isEqualTo(0);
    assertThat(PerformanceComparison.of(withP99(90), PRODUCTION, 0.2).score()).isEqualTo(0);
  }

  @Test
  void score_zeroTolerance_isAllOrNothing() {
    assertThat(PerformanceComparison.of(withP99(40), PRODUCTION, 0).score()).isEqualTo(100);
    assertThat(PerformanceComparison.of(withP99(40.1), PRODUCTION, 0).score()).isEqualTo(0);
  }

  @Test
  void measure_performanceSpec_namesPercentilesChangeAndTolerance() {
    var measure =
        PerformanceComparison.of(withP99(41.4), PRODUCTION, 0.2)
            .measure(MeasureSpec.of(MeasureKind.PERFORMANCE, 15));

    assertThat(measure.name()).isEqualTo("performance");
    assertThat(measure.score()).isEqualTo(100);
    assertThat(measure.evidence())
        .isEqualTo(
            "p99 41.4 ms vs 40.0 ms in production (+3.5%, tolerance 20%); p95 30.1 ms vs 29.0"
                + " ms; p50 12.0 ms vs 11.8 ms; 1500 requests each");
  }

  @Test
  void measure_specWithAnotherTolerance_isRefused() {
    PerformanceComparison comparison = PerformanceComparison.of(withP99(41.4), PRODUCTION, 0.2);

    assertThatThrownBy(
            () ->
                comparison.measure(MeasureSpec.of(MeasureKind.PERFORMANCE, 15).withTolerance(0.3)))
        .hasMessage(
            "the performance spec's tolerance is 30% but this comparison used 20%: compare with"
                + " PerformanceComparison.of(candidate, baseline, spec.tolerance())");
  }

  @Test
  void of_noCandidateLatencies_isRefused() {
    assertThatThrownBy(
            () -> PerformanceComparison.of(new LatencyPercentiles(0, 0, 0, 0), PRODUCTION, 0.2))
        .hasMessage(
            "the performance comparison needs timed requests from the candidate, got none; run"
                + " load against it first");
  }

  @Test
  void ofNanos_nearestRank_picksMeasuredLatencies() {
    List<Long> nanos = new ArrayList<>();
    for (long i = 1; i <= 200; i++) {
      nanos.add(i * 1_000_000);
    }

    assertThat(LatencyPercentiles.ofNanos(nanos))
        .isEqualTo(new LatencyPercentiles(200, 100, 190, 198));
    assertThat(LatencyPercentiles.ofNanos(List.of())).isEqualTo(new LatencyPercentiles(0, 0, 0, 0));
  }

  @Test
  void new_decreasingPercentiles_isRefused() {
    assertThatThrownBy(() -> new LatencyPercentiles(10, 5, 4, 6))
        .hasMessage("latency percentiles must not decrease, got p50 5.0, p95 4.0, p99 6.0 ms");
  }
}
