package dev.conveyor.server.budget;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one artifact of a fleet served on one route in one minute: requests, 5xx answers, 2xx
 * answers, and — on the artifact's all-routes row (route {@code ""}) — how many answers took longer
 * than each latency threshold the objectives name (milliseconds → count).
 */
public record MinuteRow(
    Instant minute,
    String service,
    String environment,
    String artifact,
    String route,
    long requests,
    long errors,
    long ok2xx,
    Map<Long, Long> slowerThanMillis) {
  public MinuteRow {
    slowerThanMillis = java.util.Collections.unmodifiableMap(new TreeMap<>(slowerThanMillis));
  }
}
