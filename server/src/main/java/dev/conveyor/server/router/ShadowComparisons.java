package dev.conveyor.server.router;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.InstanceId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares shadow answers with primary answers off the event loops, on one thread with a bounded
 * queue, and keeps the tally per shadow and route. A full queue skips comparisons rather than
 * slowing anyone; a comparison that throws is logged and counted as skipped.
 */
final class ShadowComparisons implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShadowComparisons.class);

  /** Comparisons waiting at most; at 64 KiB a pair, a full queue holds about 0.5 GiB at worst. */
  private static final int QUEUE = 4096;

  /** Sample differences kept per shadow, newest last. */
  private static final int SAMPLES = 10;

  private final ShadowComparator comparator;
  private final ThreadPoolExecutor executor;
  private final Map<InstanceId, Ledger> ledgers = new ConcurrentHashMap<>();

  ShadowComparisons(Set<String> ignoredFields) {
    this.comparator = new ShadowComparator(ignoredFields);
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            runnable -> {
              Thread thread = new Thread(runnable, "conveyor-router-shadow-compare");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Compares the two answers soon, on the comparison thread. */
  void compare(
      FleetKey fleet,
      InstanceId shadow,
      String route,
      CapturedResponse primary,
      CapturedResponse answer) {
    Ledger ledger = ledger(fleet, shadow);
    try {
      executor.execute(
          () -> {
            try {
              ledger.compared(route, comparator.compare(route, primary, answer));
            } catch (RuntimeException e) {
              log.warn(
                  "comparing shadow {} on route {} failed; counted as skipped", shadow, route, e);
              ledger.count(route, Ledger.SKIPPED);
            }
          });
    } catch (RejectedExecutionException full) {
      ledger.count(route, Ledger.SKIPPED);
    }
  }

  /** The shadow gave no answer for a mirrored request. */
  void failed(FleetKey fleet, InstanceId shadow, String route) {
    ledger(fleet, shadow).count(route, Ledger.FAILED);
  }

  /** A request was not compared (too large, primary failed). */
  void skipped(FleetKey fleet, InstanceId shadow, String route) {
    ledger(fleet, shadow).count(route, Ledger.SKIPPED);
  }

  ShadowStats stats(InstanceId shadow) {
    Ledger ledger = ledgers.get(shadow);
    return ledger == null ? ShadowStats.empty(shadow) : ledger.stats();
  }

  /** Every shadow's ledger, for the Prometheus text. */
  List<Ledger> ledgers() {
    List<Ledger> all = new ArrayList<>(ledgers.values());
    all.sort((a, b) -> a.shadow.compareTo(b.shadow));
    return all;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private Ledger ledger(FleetKey fleet, InstanceId shadow) {
    return ledgers.computeIfAbsent(shadow, s -> new Ledger(fleet, s));
  }

  /**
   * One shadow's tally: per route {compared, differing, failed, skipped}, and sample differences.
   */
  static final class Ledger {
    static final int COMPARED = 0;
    static final int DIFFERING = 1;
    static final int FAILED = 2;
    static final int SKIPPED = 3;

    final FleetKey fleet;
    final InstanceId shadow;
    private final Map<String, long[]> routes = new LinkedHashMap<>();
    private final ArrayDeque<ShadowDifference> samples = new ArrayDeque<>();

    Ledger(FleetKey fleet, InstanceId shadow) {
      this.fleet = fleet;
      this.shadow = shadow;
    }

    synchronized void compared(String route, ShadowDifference difference) {
      long[] row = row(route);
      row[COMPARED]++;
      if (difference != null) {
        row[DIFFERING]++;
        samples.addLast(difference);
        if (samples.size() > SAMPLES) {
          samples.removeFirst();
        }
      }
    }

    synchronized void count(String route, int field) {
      row(route)[field]++;
    }

    synchronized ShadowStats stats() {
      Map<String, ShadowStats.RouteComparison> byRoute = new LinkedHashMap<>();
      routes.forEach(
          (route, row) ->
              byRoute.put(
                  route,
                  new ShadowStats.RouteComparison(
                      row[COMPARED], row[DIFFERING], row[FAILED], row[SKIPPED])));
      return new ShadowStats(shadow, byRoute, new ArrayList<>(samples));
    }

    private long[] row(String route) {
      return routes.computeIfAbsent(route, r -> new long[4]);
    }
  }
}
