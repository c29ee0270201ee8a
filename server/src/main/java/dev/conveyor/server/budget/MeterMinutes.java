package dev.conveyor.server.budget;

import dev.conveyor.core.budget.MinuteEvents;
import dev.conveyor.core.budget.Objective;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.history.History;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.metrics.MetricSource;
import dev.conveyor.core.metrics.RequestCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Minutes counted from a {@link MetricSource} (the router's meters) for the instances the fleet has
 * now: requests and 5xx, requests slower than the objective's latency, a flow route's 2xx. It sees
 * only what the source still holds — the router keeps 15 minutes — and instances gone from the
 * fleet are not counted: a persisted minute store is what makes budgets span their window and
 * survive restarts (issue 6, next).
 */
public final class MeterMinutes implements MinuteSource {
  private final History history;
  private final MetricSource meters;
  private final Duration retention;

  public MeterMinutes(History history, MetricSource meters, Duration retention) {
    this.history = history;
    this.meters = meters;
    this.retention = retention;
  }

  @Override
  public List<MinuteEvents> events(
      ServiceName service,
      EnvironmentName environment,
      Objective objective,
      Instant from,
      Instant to) {
    Instant start = from;
    Instant kept = to.minus(retention).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    if (start.isBefore(kept)) {
      start = kept;
    }
    List<Instance> fleet = history.current().fleet(new FleetKey(service, environment));
    List<MinuteEvents> events = new ArrayList<>();
    for (Instant minute = start.truncatedTo(ChronoUnit.MINUTES);
        minute.isBefore(to);
        minute = minute.plus(Duration.ofMinutes(1))) {
      Instant end = minute.plus(Duration.ofMinutes(1));
      if (objective.route().isPresent()) {
        long flow = 0;
        for (Instance i : fleet) {
          flow += meters.counts(i.id(), objective.route().get(), minute, end).ok2xx();
        }
        double floor = objective.minPerMinute().orElse(0);
        events.add(new MinuteEvents(minute, "", 1, flow < floor ? 1 : 0));
        continue;
      }
      for (Instance i : fleet) {
        RequestCounts counts = meters.counts(i.id(), minute, end);
        if (counts.requests() == 0) {
          continue;
        }
        long slow =
            objective.latency().isPresent()
                ? meters.slowerThan(i.id(), minute, end, objective.latency().get())
                : 0;
        long bad =
            switch (objective.kind()) {
              case LATENCY -> slow;
              default -> Math.min(counts.requests(), counts.errors() + slow);
            };
        events.add(
            new MinuteEvents(
                minute, i.artifact().value(), counts.requests(), Math.min(bad, counts.requests())));
      }
    }
    return events;
  }
}
