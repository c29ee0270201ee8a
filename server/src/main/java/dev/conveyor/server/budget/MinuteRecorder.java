package dev.conveyor.server.budget;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.metrics.MetricSource;
import dev.conveyor.core.metrics.RequestCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each minute, copies the minute that just ended from the router's meters into the {@link
 * MinuteStore}: per fleet, artifact and route, the requests, 5xx and 2xx; per artifact, the answers
 * slower than each latency threshold the objectives name. Once an hour it purges what is older than
 * the retention.
 *
 * <p>It records the instances the history lists in each fleet at recording time; an instance
 * stopped and gone from the fleet before then loses its last partial minute. A server that was down
 * records nothing for the minutes it missed (the router was down with it).
 */
public final class MinuteRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MinuteRecorder.class);

  private final History history;
  private final MetricSource meters;
  private final MinuteStore store;
  private final Set<Duration> thresholds;
  private final Duration retention;
  private final InstantSource clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("minute-recorder").unstarted(r));
  private Instant lastPurge = Instant.EPOCH;

  public MinuteRecorder(
      History history,
      MetricSource meters,
      MinuteStore store,
      Set<Duration> thresholds,
      Duration retention,
      InstantSource clock) {
    this.history = history;
    this.meters = meters;
    this.store = store;
    this.thresholds = new TreeSet<>(thresholds);
    this.retention = retention;
    this.clock = clock;
  }

  /** Records each minute a few seconds after it ends. */
  public void start() {
    Instant now = clock.instant();
    long delay =
        Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(62)).toMillis();
    timer.scheduleAtFixedRate(this::tick, delay, 60_000, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      recordMinute(now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1)));
      if (Duration.between(lastPurge, now).compareTo(Duration.ofHours(1)) >= 0) {
        int purged = store.purgeBefore(now.minus(retention));
        lastPurge = now;
        if (purged > 0) {
          LOG.info("purged {} minute rows older than {}", purged, retention);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("could not record the last minute: {}", e.getMessage(), e);
    }
  }

  /** Records the minute starting at {@code minute}; recording it again replaces it. */
  public void recordMinute(Instant minute) {
    Instant end = minute.plus(Duration.ofMinutes(1));
    SystemState state = history.current();
    List<MinuteRow> rows = new ArrayList<>();
    for (FleetKey fleet : state.fleets()) {
      Set<String> routes = meters.routes(fleet);
      // artifact → route ("" for all) → {requests, errors, ok2xx}; artifact → threshold → slow
      Map<String, Map<String, long[]>> counts = new TreeMap<>();
      Map<String, Map<Long, Long>> slow = new TreeMap<>();
      for (Instance instance : state.fleet(fleet)) {
        RequestCounts all = meters.counts(instance.id(), minute, end);
        if (all.requests() == 0) {
          continue;
        }
        String artifact = instance.artifact().value();
        add(counts, artifact, "", all);
        for (String route : routes) {
          RequestCounts on = meters.counts(instance.id(), route, minute, end);
          if (on.requests() > 0) {
            add(counts, artifact, route, on);
          }
        }
        for (Duration threshold : thresholds) {
          slow.computeIfAbsent(artifact, a -> new TreeMap<>())
              .merge(
                  threshold.toMillis(),
                  meters.slowerThan(instance.id(), minute, end, threshold),
                  Long::sum);
        }
      }
      counts.forEach(
          (artifact, byRoute) ->
              byRoute.forEach(
                  (route, c) ->
                      rows.add(
                          new MinuteRow(
                              minute,
                              fleet.service().value(),
                              fleet.environment().value(),
                              artifact,
                              route,
                              c[0],
                              c[1],
                              c[2],
                              route.isEmpty()
                                  ? slow.getOrDefault(artifact, Map.of())
                                  : Map.of()))));
    }
    if (!rows.isEmpty()) {
      store.append(rows);
    }
  }

  private static void add(
      Map<String, Map<String, long[]>> counts, String artifact, String route, RequestCounts c) {
    long[] sum =
        counts
            .computeIfAbsent(artifact, a -> new TreeMap<>())
            .computeIfAbsent(route, r -> new long[3]);
    sum[0] += c.requests();
    sum[1] += c.errors();
    sum[2] += c.ok2xx();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
