package dev.conveyor.server.router;

import static dev.conveyor.server.router.TrafficMeter.FIELDS;

import dev.conveyor.core.metrics.RequestCounts;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The measured history of one series (an instance, or a fleet's unrouted requests): what its
 * per-loop {@link TrafficMeter}s recorded, gathered into 1-second buckets kept for the retention,
 * plus running totals since the router started (for Prometheus).
 *
 * <p>Not thread-safe: only {@link TrafficMeters}, under its lock, harvests and reads it.
 */
final class TrafficSeries {
  private final TrafficMeter[] meters;
  private final long[][] seen;
  private final Histogram[] recycled;
  private final int slots;
  private final long[][] totals; // per route slot, FIELDS each, since start; rows made on use
  private final Histogram totalLatency;
  private final ArrayDeque<Bucket> buckets = new ArrayDeque<>();

  TrafficSeries(int loops, int slots, boolean keepsLatency) {
    this.slots = slots;
    this.meters = new TrafficMeter[loops];
    this.seen = new long[loops][slots * FIELDS];
    this.recycled = new Histogram[loops];
    for (int i = 0; i < loops; i++) {
      meters[i] = new TrafficMeter(slots, keepsLatency);
    }
    this.totals = new long[slots][];
    this.totalLatency = keepsLatency ? new Histogram(TrafficMeter.LATENCY_DIGITS) : null;
  }

  /** The meter event loop {@code loop} writes to. */
  TrafficMeter meter(int loop) {
    return meters[loop];
  }

  /**
   * Moves what the meters recorded since the last harvest into the bucket for {@code second}, and
   * drops buckets older than {@code oldestKept}.
   */
  void harvest(long second, long oldestKept) {
    Bucket bucket = null;
    for (int loop = 0; loop < meters.length; loop++) {
      TrafficMeter meter = meters[loop];
      long[] last = seen[loop];
      for (int i = 0; i < last.length; i++) {
        long now = meter.counts.getAcquire(i);
        long delta = now - last[i];
        if (delta != 0) {
          last[i] = now;
          bucket = bucket != null ? bucket : bucketFor(second);
          int route = i / FIELDS;
          int field = i % FIELDS;
          bucket.add(route, field, delta);
          long[] total = totals[route] != null ? totals[route] : (totals[route] = new long[FIELDS]);
          total[field] += delta;
        }
      }
      if (meter.latency != null) {
        Histogram interval = meter.latency.getIntervalHistogram(recycled[loop]);
        recycled[loop] = interval;
        if (interval.getTotalCount() > 0) {
          bucket = bucket != null ? bucket : bucketFor(second);
          bucket.latency().add(interval);
          totalLatency.add(interval);
        }
      }
    }
    while (!buckets.isEmpty() && buckets.peekFirst().second < oldestKept) {
      buckets.removeFirst();
    }
  }

  /** Whether no bucket is left: nothing measured within the retention. */
  boolean isEmpty() {
    return buckets.isEmpty();
  }

  /** How requests ended in seconds {@code [from, to)}; on one route slot, or all when -1. */
  RequestCounts counts(int route, long from, long to) {
    long[] sum = new long[FIELDS];
    for (Bucket bucket : buckets) {
      if (bucket.second >= from && bucket.second < to) {
        bucket.addTo(sum, route);
      }
    }
    return toCounts(sum);
  }

  /** The latencies (microseconds) recorded in seconds {@code [from, to)}. */
  Histogram latency(long from, long to) {
    Histogram window = new Histogram(TrafficMeter.LATENCY_DIGITS);
    for (Bucket bucket : buckets) {
      if (bucket.second >= from && bucket.second < to) {
        bucket.addLatencyTo(window);
      }
    }
    return window;
  }

  /** Totals per route slot since the router started (FIELDS each), null rows for unused slots. */
  long[][] totals() {
    return totals;
  }

  /** All latencies since the router started, or null when the series keeps none. */
  Histogram totalLatency() {
    return totalLatency;
  }

  static RequestCounts toCounts(long[] sum) {
    return new RequestCounts(
        sum[TrafficMeter.REQUESTS],
        sum[TrafficMeter.OK_2XX],
        sum[TrafficMeter.REDIRECT_3XX],
        sum[TrafficMeter.CLIENT_4XX],
        sum[TrafficMeter.SERVER_5XX],
        sum[TrafficMeter.TIMEOUTS],
        sum[TrafficMeter.CONNECT_FAILURES]);
  }

  private Bucket bucketFor(long second) {
    Bucket last = buckets.peekLast();
    if (last != null && last.second >= second) {
      return last; // a clock that stepped back keeps adding to the newest bucket
    }
    if (last != null) {
      last.seal();
    }
    Bucket bucket = new Bucket(second, slots);
    buckets.addLast(bucket);
    return bucket;
  }

  /**
   * One second of one series. While it is the newest it keeps a full histogram; once a newer second
   * starts, the histogram shrinks to its non-empty buckets (a few hundred bytes instead of a few
   * KiB), which is what makes 15 minutes per instance cheap.
   */
  private static final class Bucket {
    final long second;
    final long[] all = new long[FIELDS];
    final long[][] byRoute;
    Histogram open;
    int[] values;
    int[] valueCounts;

    Bucket(long second, int slots) {
      this.second = second;
      this.byRoute = new long[slots][];
    }

    void add(int route, int field, long delta) {
      all[field] += delta;
      long[] row = byRoute[route];
      if (row == null) {
        row = byRoute[route] = new long[FIELDS];
      }
      row[field] += delta;
    }

    Histogram latency() {
      if (open == null) {
        open = new Histogram(TrafficMeter.LATENCY_DIGITS);
      }
      return open;
    }

    void addTo(long[] sum, int route) {
      long[] row = route < 0 ? all : byRoute[route];
      if (row != null) {
        for (int i = 0; i < FIELDS; i++) {
          sum[i] += row[i];
        }
      }
    }

    void addLatencyTo(Histogram window) {
      if (open != null) {
        window.add(open);
      } else if (values != null) {
        for (int i = 0; i < values.length; i++) {
          window.recordValueWithCount(values[i], valueCounts[i]);
        }
      }
    }

    void seal() {
      if (open == null) {
        return;
      }
      int n = 0;
      int[] v = new int[16];
      int[] c = new int[16];
      Iterator<HistogramIterationValue> it = open.recordedValues().iterator();
      while (it.hasNext()) {
        HistogramIterationValue value = it.next();
        if (n == v.length) {
          v = Arrays.copyOf(v, n * 2);
          c = Arrays.copyOf(c, n * 2);
        }
        // Microseconds fit an int up to 35 minutes; one second of one instance fits an int count.
        v[n] = (int) Math.min(Integer.MAX_VALUE, value.getValueIteratedTo());
        c[n] = (int) Math.min(Integer.MAX_VALUE, value.getCountAtValueIteratedTo());
        n++;
      }
      values = Arrays.copyOf(v, n);
      valueCounts = Arrays.copyOf(c, n);
      open = null;
    }
  }
}
