package dev.conveyor.server.load;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of a load run, each measured from a request's intended send time (so a stall
 * delays every request due during it, as users would see it), to microsecond precision.
 *
 * @param count how many outcomes were measured: responses and transport failures alike
 */
public record LatencySummary(
    long count, Duration p50, Duration p90, Duration p99, Duration p999, Duration max) {

  /** Nothing measured. */
  public static final LatencySummary EMPTY =
      new LatencySummary(
          0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /** Summarises a histogram of microseconds. */
  static LatencySummary of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        micros.getTotalCount(),
        at(micros, 50),
        at(micros, 90),
        at(micros, 99),
        at(micros, 99.9),
        Duration.ofNanos(micros.getMaxValue() * 1_000));
  }

  private static Duration at(Histogram micros, double percentile) {
    return Duration.ofNanos(micros.getValueAtPercentile(percentile) * 1_000);
  }
}
