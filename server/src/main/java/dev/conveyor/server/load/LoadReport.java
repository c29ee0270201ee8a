package dev.conveyor.server.load;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a load run did: how many requests it sent and when, what came back, and the latency from
 * each request's intended send time.
 *
 * <p>Every planned request ends up in exactly one place: a status count, or a transport failure
 * (including {@link TransportFailure#IN_FLIGHT_CAP} for those never sent); so {@code planned =
 * responses + transport failures}, unless the run was stopped early.
 *
 * @param planned requests the plan asked for ({@link LoadPlan#requests()}), or fewer when stopped
 * @param sent requests put on the wire
 * @param sentLate of those, how many waited past their intended time for a free in-flight slot;
 *     their latency includes the wait
 * @param elapsed from the first intended send time until the last outcome
 * @param sendingTime from the first intended send time until one interval (1 / rate) after the last
 *     request was sent or given up: the plan's duration when the generator kept up, more when not
 * @param statusCounts responses by HTTP status code
 * @param transportFailures requests without a response, by kind; every kind is present
 * @param latency percentiles over every outcome, responses and failures alike
 */
public record LoadReport(
    LoadPlan plan,
    long planned,
    long sent,
    long sentLate,
    Duration elapsed,
    Duration sendingTime,
    SortedMap<Integer, Long> statusCounts,
    Map<TransportFailure, Long> transportFailures,
    LatencySummary latency) {

  public LoadReport {
    statusCounts = Collections.unmodifiableSortedMap(new TreeMap<>(statusCounts));
    Map<TransportFailure, Long> all = new EnumMap<>(TransportFailure.class);
    for (TransportFailure kind : TransportFailure.values()) {
      all.put(kind, transportFailures.getOrDefault(kind, 0L));
    }
    transportFailures = Collections.unmodifiableMap(all);
  }

  /** Responses received, whatever their status. */
  public long responses() {
    return statusCounts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Requests that got no response, of every kind. */
  public long failures() {
    return transportFailures.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Transport failures plus 5xx responses: what a person would call errors. */
  public long errors() {
    long serverErrors =
        statusCounts.entrySet().stream()
            .filter(e -> e.getKey() >= 500)
            .mapToLong(Map.Entry::getValue)
            .sum();
    return failures() + serverErrors;
  }

  /** Requests sent per second over the sending time: the rate the generator achieved. */
  public double sendRate() {
    return perSecond(sent, sendingTime);
  }

  /** Responses per second over the whole run (at least the sending time). */
  public double throughput() {
    return perSecond(responses(), elapsed.compareTo(sendingTime) < 0 ? sendingTime : elapsed);
  }

  private static double perSecond(long count, Duration over) {
    return over.isPositive() ? count / (over.toNanos() / 1e9) : 0;
  }
}
