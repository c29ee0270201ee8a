package dev.conveyor.server.router;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.metrics.RequestCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * Every series the router measures, and the one place that harvests them into 1-second buckets and
 * answers questions about windows of time.
 *
 * <p>Event loops write to their own {@link TrafficMeter}s without locks. Harvesting happens once a
 * second and before every read, under this object's lock, and names each bucket by the injected
 * clock's second at harvest time: a request counts in the second its answer was harvested, at most
 * one second after it ended.
 */
final class TrafficMeters {
  private final InstantSource clock;
  private final long retentionSeconds;
  private final int loops;
  private final int slots;
  private final Map<InstanceId, InstanceTraffic> instances = new ConcurrentHashMap<>();
  private final Map<FleetKey, TrafficSeries> unrouted = new ConcurrentHashMap<>();

  TrafficMeters(InstantSource clock, Duration retention, int loops, int slots) {
    this.clock = clock;
    this.retentionSeconds = Math.max(1, retention.toSeconds());
    this.loops = loops;
    this.slots = slots;
  }

  /** The traffic of an instance a routing table names; marks it routed. */
  synchronized InstanceTraffic route(InstanceId id, FleetKey fleet) {
    InstanceTraffic traffic =
        instances.computeIfAbsent(
            id, i -> new InstanceTraffic(i, fleet, new TrafficSeries(loops, slots, true)));
    traffic.routed = true;
    return traffic;
  }

  /** Marks an instance as named by no routing table; its history stays for the retention. */
  synchronized void unroute(InstanceTraffic traffic) {
    traffic.routed = false;
  }

  /** The traffic of an instance, if the router has routed to it within the retention. */
  InstanceTraffic find(InstanceId id) {
    return instances.get(id);
  }

  /** The requests of a fleet that reached no instance (no active instance, refused requests). */
  TrafficSeries unrouted(FleetKey fleet) {
    return unrouted.computeIfAbsent(fleet, f -> new TrafficSeries(loops, slots, false));
  }

  /** Gathers what the meters recorded into the current second; forgets what is past retention. */
  synchronized void harvest() {
    long second = clock.instant().getEpochSecond();
    long oldestKept = second - retentionSeconds + 1;
    for (InstanceTraffic traffic : instances.values()) {
      traffic.series.harvest(second, oldestKept);
      if (!traffic.routed && traffic.inFlight() == 0 && traffic.series.isEmpty()) {
        instances.remove(traffic.id, traffic);
      }
    }
    for (TrafficSeries series : unrouted.values()) {
      series.harvest(second, oldestKept);
    }
  }

  synchronized RequestCounts counts(InstanceId id, int route, Instant from, Instant to) {
    harvest();
    InstanceTraffic traffic = instances.get(id);
    if (traffic == null || !from.isBefore(to)) {
      return RequestCounts.ZERO;
    }
    return traffic.series.counts(route, first(from), end(to));
  }

  synchronized RequestCounts unroutedCounts(FleetKey fleet, Instant from, Instant to) {
    harvest();
    TrafficSeries series = unrouted.get(fleet);
    if (series == null || !from.isBefore(to)) {
      return RequestCounts.ZERO;
    }
    return series.counts(-1, first(from), end(to));
  }

  synchronized Optional<Duration> latencyQuantile(
      InstanceId id, Instant from, Instant to, double quantile) {
    Preconditions.check(
        quantile >= 0 && quantile <= 1, "quantile must be 0 to 1, got %s", quantile);
    Histogram window = window(id, from, to);
    if (window == null || window.getTotalCount() == 0) {
      return Optional.empty();
    }
    return Optional.of(micros(window.getValueAtPercentile(quantile * 100)));
  }

  synchronized long slowerThan(InstanceId id, Instant from, Instant to, Duration threshold) {
    Histogram window = window(id, from, to);
    if (window == null || window.getTotalCount() == 0) {
      return 0;
    }
    long limit = Math.max(0, threshold.toNanos() / 1_000);
    // Values in the same histogram bucket as the threshold (within 1%) count as not slower.
    return window.getTotalCount() - window.getCountBetweenValues(0, limit);
  }

  /** Calls {@code visitor} with each instance and each fleet's unrouted series, harvested first. */
  synchronized void visit(Visitor visitor) {
    harvest();
    instances.values().stream().sorted((a, b) -> a.id.compareTo(b.id)).forEach(visitor::instance);
    unrouted.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> visitor.unrouted(e.getKey(), e.getValue()));
  }

  /** Reads series while {@link #visit} holds the lock. */
  interface Visitor {
    void instance(InstanceTraffic traffic);

    void unrouted(FleetKey fleet, TrafficSeries series);
  }

  private Histogram window(InstanceId id, Instant from, Instant to) {
    harvest();
    InstanceTraffic traffic = instances.get(id);
    if (traffic == null || !from.isBefore(to)) {
      return null;
    }
    return traffic.series.latency(first(from), end(to));
  }

  /** The first whole second a window covers. */
  private static long first(Instant from) {
    return from.getEpochSecond();
  }

  /** The second after the last one a window {@code [from, to)} covers. */
  private static long end(Instant to) {
    return to.getNano() > 0 ? to.getEpochSecond() + 1 : to.getEpochSecond();
  }

  private static Duration micros(long micros) {
    return Duration.ofNanos(micros * 1_000);
  }
}
