package dev.conveyor.core.replay;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.MeasureKind;
import dev.conveyor.core.score.MeasureSpec;
import dev.conveyor.core.score.Numbers;
import java.util.Locale;

/**
 * The performance measure: a candidate's latency percentiles against production's under the same
 * requests at the same rate. The score is 100 while the candidate's p99 is within {@code tolerance}
 * of production's, and falls linearly to 0 at twice that tolerance: with 20%, a p99 30% over
 * production's scores 50.
 */
public record PerformanceComparison(
    LatencyPercentiles candidate, LatencyPercentiles baseline, double tolerance) {
  public PerformanceComparison {
    Preconditions.present(candidate, "the candidate's latencies");
    Preconditions.present(baseline, "production's latencies");
    Preconditions.check(
        candidate.count() > 0,
        "the performance comparison needs timed requests from the candidate, got none; run load"
            + " against it first");
    Preconditions.check(
        baseline.count() > 0,
        "the performance comparison needs timed requests from production, got none; run load"
            + " against it first");
    Preconditions.check(
        Double.isFinite(tolerance) && tolerance >= 0 && tolerance <= 10,
        "the performance tolerance must be a fraction from 0 to 10, such as 0.2 for 20%%, got %s",
        tolerance);
  }

  public static PerformanceComparison of(
      LatencyPercentiles candidate, LatencyPercentiles baseline, double tolerance) {
    return new PerformanceComparison(candidate, baseline, tolerance);
  }

  /** 100 up to production's p99 × (1 + tolerance), 0 from × (1 + 2 × tolerance), linear between. */
  public double score() {
    double full = baseline.p99Millis() * (1 + tolerance);
    double zero = baseline.p99Millis() * (1 + 2 * tolerance);
    double p99 = candidate.p99Millis();
    if (p99 <= full) {
      return 100;
    }
    if (p99 >= zero) {
      return 0;
    }
    return 100 * (zero - p99) / (zero - full);
  }

  /**
   * One sentence for people: {@code p99 41.2 ms vs 39.8 ms in production (+3.5%, tolerance 20%);
   * p95 30.1 ms vs 29.0 ms; p50 12.0 ms vs 11.8 ms; 1500 requests each}.
   */
  public String evidence() {
    String change =
        baseline.p99Millis() > 0
            ? String.format(
                    Locale.ROOT,
                    "%+.1f%%",
                    100 * (candidate.p99Millis() / baseline.p99Millis() - 1))
                + ", "
            : "";
    String counts =
        candidate.count() == baseline.count()
            ? candidate.count() + " requests each"
            : candidate.count() + " requests vs " + baseline.count();
    return String.format(
        Locale.ROOT,
        "p99 %s vs %s in production (%stolerance %s%%); p95 %s vs %s; p50 %s vs %s; %s",
        millis(candidate.p99Millis()),
        millis(baseline.p99Millis()),
        change,
        Numbers.number(100 * tolerance),
        millis(candidate.p95Millis()),
        millis(baseline.p95Millis()),
        millis(candidate.p50Millis()),
        millis(baseline.p50Millis()),
        counts);
  }

  private static String millis(double value) {
    return String.format(Locale.ROOT, "%.1f ms", value);
  }

  /**
   * The {@code performance} measure: this comparison's score, with {@link #evidence()}.
   *
   * @throws dev.conveyor.core.InvalidInputException if the spec's tolerance is not the one this
   *     comparison scored with
   */
  public Measure measure(MeasureSpec spec) {
    spec.require(MeasureKind.PERFORMANCE);
    Preconditions.check(
        spec.tolerance() == tolerance,
        "the performance spec's tolerance is %s%% but this comparison used %s%%: compare with"
            + " PerformanceComparison.of(candidate, baseline, spec.tolerance())",
        Numbers.number(100 * spec.tolerance()),
        Numbers.number(100 * tolerance));
    return spec.measure(score(), evidence());
  }
}
