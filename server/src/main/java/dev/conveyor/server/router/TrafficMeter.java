package dev.conveyor.server.router;

import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One event loop's counters and latency recorder for one series (an instance, or a fleet's unrouted
 * requests): written only by that loop, without locks or contended atomics, and read by the
 * harvester.
 *
 * <p>Counters are cumulative per route slot, {@link #FIELDS} longs each; the harvester takes
 * differences. Latencies go to an HdrHistogram {@link SingleWriterRecorder} in microseconds.
 */
final class TrafficMeter {
  static final int REQUESTS = 0;
  static final int OK_2XX = 1;
  static final int REDIRECT_3XX = 2;
  static final int CLIENT_4XX = 3;
  static final int SERVER_5XX = 4;
  static final int TIMEOUTS = 5;
  static final int CONNECT_FAILURES = 6;
  static final int LATENCY_MICROS = 7;
  static final int FIELDS = 8;

  /** Two significant digits: latencies to within 1%, in a few KiB per histogram. */
  static final int LATENCY_DIGITS = 2;

  final AtomicLongArray counts;
  final SingleWriterRecorder latency; // null when the series keeps no latency

  TrafficMeter(int slots, boolean keepsLatency) {
    this.counts = new AtomicLongArray(slots * FIELDS);
    this.latency = keepsLatency ? new SingleWriterRecorder(LATENCY_DIGITS) : null;
  }

  /** An answer with {@code status} on route slot {@code route}, after {@code micros}. */
  void answered(int route, int status, long micros, boolean timedOut) {
    int base = route * FIELDS;
    add(base + REQUESTS, 1);
    int field = classField(status);
    if (field >= 0) {
      add(base + field, 1);
    }
    if (timedOut) {
      add(base + TIMEOUTS, 1);
    }
    long positive = Math.max(0, micros);
    add(base + LATENCY_MICROS, positive);
    if (latency != null) {
      latency.recordValue(positive);
    }
  }

  /** An attempt to connect for a request on route slot {@code route} that failed. */
  void connectFailed(int route) {
    add(route * FIELDS + CONNECT_FAILURES, 1);
  }

  /** The counter field of a status class, or -1 for informational and non-standard codes. */
  static int classField(int status) {
    return switch (status / 100) {
      case 2 -> OK_2XX;
      case 3 -> REDIRECT_3XX;
      case 4 -> CLIENT_4XX;
      case 5 -> SERVER_5XX;
      default -> -1;
    };
  }

  private void add(int index, long delta) {
    // Single writer: a plain read and a release store publish the new value without a CAS.
    counts.setRelease(index, counts.getPlain(index) + delta);
  }
}
