package dev.conveyor.server.budget;

import dev.conveyor.core.budget.Exposure;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.history.History;
import dev.conveyor.server.deploy.DeploymentController;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds each running production deployment to the exposure cap: once a second it reads what the
 * deployment's artifact spent of each request objective's budget since the deployment started
 * (live, from the router's meters), and the pace of the last {@link #PACE} — and when what it spent
 * plus what it would spend at that pace during {@link #REACTION} would pass its allowance, it rolls
 * the deployment back, the cap's sentence as the reason. Rollbacks are not capped.
 */
public final class ExposureWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExposureWatch.class);

  /**
   * How long a stop takes to take the candidate's traffic away, counted from the requests it reads:
   * the router files a second up to 2 s after it ends, the watch looks once a second, and the
   * rollback's first step takes the candidate out of the routing table.
   */
  static final Duration REACTION = Duration.ofSeconds(4);

  /** How far back the pace is measured. */
  static final Duration PACE = Duration.ofSeconds(10);

  private final History history;
  private final BudgetService budgets;
  private final DeploymentController deployments;
  private final InstantSource clock;
  private final Set<DeploymentId> acted = ConcurrentHashMap.newKeySet();

  /** Per deployment and objective, what it had spent at each recent check: the pace's samples. */
  private final Map<DeploymentId, Map<String, ArrayDeque<Sample>>> samples = new HashMap<>();

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("exposure-watch").unstarted(r));

  private record Sample(Instant at, long spent) {}

  public ExposureWatch(
      History history,
      BudgetService budgets,
      DeploymentController deployments,
      InstantSource clock) {
    this.history = history;
    this.budgets = budgets;
    this.deployments = deployments;
    this.clock = clock;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::safeCheck, 1, 1, TimeUnit.SECONDS);
  }

  private void safeCheck() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn("exposure watch: {}", e.getMessage(), e);
    }
  }

  /** Checks every running production deployment once; returns those it rolled back. */
  public synchronized List<DeploymentId> check() {
    List<DeploymentId> stopped = new ArrayList<>();
    Set<DeploymentId> running = new java.util.HashSet<>();
    for (Deployment d : history.current().deployments()) {
      if (!d.active() || d.kind() == DeploymentKind.ROLLBACK || acted.contains(d.id())) {
        continue;
      }
      running.add(d.id());
      Map<String, ArrayDeque<Sample>> paces =
          samples.computeIfAbsent(d.id(), id -> new HashMap<>());
      Instant now = clock.instant();
      Optional<Exposure> over = Optional.empty();
      for (BudgetService.Spending spending : budgets.spending(d)) {
        ArrayDeque<Sample> seen =
            paces.computeIfAbsent(spending.objective(), o -> new ArrayDeque<>());
        seen.addLast(new Sample(now, spending.spent()));
        while (seen.size() > 1
            && Duration.between(seen.peekFirst().at(), now).compareTo(PACE) > 0) {
          seen.removeFirst();
        }
        Exposure exposure =
            budgets
                .config()
                .policy()
                .exposure(
                    spending.objective(),
                    spending.remainingAtStart(),
                    spending.spent(),
                    pace(seen),
                    REACTION);
        if (exposure.exceeds() && over.isEmpty()) {
          over = Optional.of(exposure);
        }
      }
      if (over.isPresent()) {
        acted.add(d.id());
        deployments.abort(d.id(), Actor.CONVEYOR, over.get().reason());
        LOG.info("exposure watch: rolled back {}: {}", d.id(), over.get().reason());
        stopped.add(d.id());
      }
    }
    samples.keySet().retainAll(running);
    return stopped;
  }

  /** Bad events a second over the samples: the spend between the oldest and the newest. */
  private static double pace(ArrayDeque<Sample> seen) {
    if (seen == null || seen.size() < 2) {
      return 0;
    }
    double seconds = Duration.between(seen.peekFirst().at(), seen.peekLast().at()).toMillis() / 1e3;
    return seconds <= 0 ? 0 : (seen.peekLast().spent() - seen.peekFirst().spent()) / seconds;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
