package dev.conveyor.server.budget;

import dev.conveyor.core.budget.MinuteEvents;
import dev.conveyor.core.budget.Objective;
import dev.conveyor.core.budget.ObjectiveKind;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An objective's minutes from minute rows (the {@link MinuteStore}'s, or the {@link
 * MinuteRecorder}'s: recorded ones and the current one): for availability, each artifact's requests
 * with its 5xx and (under a latency limit) its slow answers as bad; for latency, its answers slower
 * than the threshold; for a flow, each recorded minute of the service is one event, bad when the
 * route's 2xx answers fell below {@code minPerMinute}, or more than {@code maxDrop} below the
 * baseline: the median minute of the window; only whole minutes count for a flow (the minute that
 * runs has not fallen short yet). A latency threshold is counted only when the recorder knew it
 * (the objectives' latencies are given to it at start).
 */
public final class ObjectiveMinutes implements MinuteSource {
  /** Where the rows come from: a fleet's rows for minutes in {@code [from, to)}. */
  @FunctionalInterface
  public interface Rows {
    List<MinuteRow> read(FleetKey fleet, Instant from, Instant to);
  }

  private final Rows rows;

  public ObjectiveMinutes(Rows rows) {
    this.rows = rows;
  }

  /** The recorded minutes only, straight from the store. */
  public static ObjectiveMinutes stored(MinuteStore store) {
    return new ObjectiveMinutes(
        (fleet, from, to) ->
            store.read(fleet.service().value(), fleet.environment().value(), from, to));
  }

  @Override
  public List<MinuteEvents> events(
      ServiceName service,
      EnvironmentName environment,
      Objective objective,
      Instant from,
      Instant to) {
    List<MinuteRow> rows = this.rows.read(new FleetKey(service, environment), from, to);
    List<MinuteEvents> events = new ArrayList<>();
    if (objective.kind() == ObjectiveKind.FLOW) {
      Map<Instant, Long> flow = new TreeMap<>();
      for (MinuteRow row : rows) {
        if (row.minute().plus(Duration.ofMinutes(1)).isAfter(to)) {
          continue; // not over yet
        }
        long ok = row.route().equals(objective.route().orElseThrow()) ? row.ok2xx() : 0;
        flow.merge(row.minute(), ok, Long::sum);
      }
      double floor = objective.minPerMinute().orElseGet(() -> dropFloor(objective, flow));
      flow.forEach((minute, ok) -> events.add(new MinuteEvents(minute, "", 1, ok < floor ? 1 : 0)));
      return events;
    }
    for (MinuteRow row : rows) {
      if (!row.route().isEmpty() || row.requests() == 0) {
        continue;
      }
      long slow =
          objective
              .latency()
              .map(limit -> row.slowerThanMillis().getOrDefault(limit.toMillis(), 0L))
              .orElse(0L);
      long bad =
          objective.kind() == ObjectiveKind.LATENCY
              ? slow
              : Math.min(row.requests(), row.errors() + slow);
      events.add(
          new MinuteEvents(
              row.minute(), row.artifact(), row.requests(), Math.min(bad, row.requests())));
    }
    return events;
  }

  /** {@code (1 − maxDrop) ×} the median of the flow's minutes. */
  static double dropFloor(Objective objective, Map<Instant, Long> flow) {
    if (flow.isEmpty()) {
      return 0;
    }
    long[] sorted = flow.values().stream().mapToLong(Long::longValue).sorted().toArray();
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    return (1 - objective.maxDrop().orElseThrow()) * median;
  }
}
