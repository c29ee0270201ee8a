package dev.conveyor.server.budget;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.SystemState;
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
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each minute, copies the minute that just ended from the router's meters into the {@link
 * MinuteStore}: per fleet, artifact and route, the requests, 5xx and 2xx; per artifact, the answers
 * slower than each latency threshold the objectives name. Once an hour it purges what is older than
 * the retention.
 *
 * <p>It counts every instance that served in the fleet, those stopped within the last minutes too
 * (see {@link FleetMembers}). A server that was down records nothing for the minutes it missed (the
 * router was down with it).
 */
public final class MinuteRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MinuteRecorder.class);

  private final History history;
  private final MetricSource meters;
  private final MinuteStore store;
  private final Set<Duration> thresholds;
  private final Duration retention;
  private final InstantSource clock;
  private final FleetMembers members;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("minute-recorder").unstarted(r));
  private Instant lastPurge = Instant.EPOCH;

  /**
   * The end of the last minute recorded since start (at first, the start of the minute the recorder
   * started in): earlier minutes are read from the store, later ones from the meters.
   */
  private final AtomicReference<Instant> recordedUpTo;

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
    this.members = new FleetMembers(history, clock);
    this.recordedUpTo = new AtomicReference<>(clock.instant().truncatedTo(ChronoUnit.MINUTES));
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

  /**
   * Records the minute starting at {@code minute}; recording it again replaces it. From then on
   * {@link #read} takes that minute from the store.
   */
  public void recordMinute(Instant minute) {
    Instant end = minute.plus(Duration.ofMinutes(1));
    SystemState state = history.current();
    List<MinuteRow> rows = new ArrayList<>();
    for (FleetKey fleet : members.fleets(state)) {
      rows.addAll(rows(state, fleet, minute, end));
    }
    if (!rows.isEmpty()) {
      store.append(rows);
    }
    // After the append: a reader that still sees the old mark reads this minute live, not twice.
    recordedUpTo.accumulateAndGet(end, (a, b) -> a.isAfter(b) ? a : b);
  }

  /**
   * The rows of {@code fleet} for minutes in {@code [from, to)}: those recorded from the store, the
   * ones not recorded yet (the minute that runs, and one that ended seconds ago) from the router's
   * meters — the minute that runs counted up to {@code to}. This is what budgets read, so they
   * follow the traffic within seconds rather than a minute.
   */
  public List<MinuteRow> read(FleetKey fleet, Instant from, Instant to) {
    Instant live = recordedUpTo.get();
    List<MinuteRow> rows = new ArrayList<>();
    if (from.isBefore(live)) {
      Instant storedTo = to.isBefore(live) ? to : live;
      rows.addAll(store.read(fleet.service().value(), fleet.environment().value(), from, storedTo));
    }
    Instant minute = from.truncatedTo(ChronoUnit.MINUTES);
    if (minute.isBefore(from)) {
      minute = minute.plus(Duration.ofMinutes(1));
    }
    if (minute.isBefore(live)) {
      minute = live;
    }
    SystemState state = history.current();
    for (; minute.isBefore(to); minute = minute.plus(Duration.ofMinutes(1))) {
      Instant end = minute.plus(Duration.ofMinutes(1));
      rows.addAll(rows(state, fleet, minute, end.isBefore(to) ? end : to));
    }
    return rows;
  }

  /** What {@code fleet}'s instances served in {@code [minute, end)}, per artifact and route. */
  private List<MinuteRow> rows(SystemState state, FleetKey fleet, Instant minute, Instant end) {
    List<MinuteRow> rows = new ArrayList<>();
    Set<String> routes = meters.routes(fleet);
    // artifact → route ("" for all) → {requests, errors, ok2xx}; artifact → threshold → slow
    Map<String, Map<String, long[]>> counts = new TreeMap<>();
    Map<String, Map<Long, Long>> slow = new TreeMap<>();
    for (FleetMembers.Member instance : members.of(state, fleet)) {
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
                            route.isEmpty() ? slow.getOrDefault(artifact, Map.of()) : Map.of()))));
    return rows;
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
