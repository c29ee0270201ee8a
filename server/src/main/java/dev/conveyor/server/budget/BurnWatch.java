package dev.conveyor.server.budget;

import dev.conveyor.core.budget.BurnWindow.Level;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.history.History;
import dev.conveyor.server.deploy.DeploymentController;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the deployments running in production against their service's budget: when an objective
 * burns fast enough to page (the workbook's 1 h & 5 min at 14.4×, or 6 h & 30 min at 6×) or is
 * exhausted, the deployment is rolled back (policy {@code fastBurn: rollback}) or paused ({@code
 * pause}), with the burn as the reason. Rollbacks themselves are left alone.
 */
public final class BurnWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BurnWatch.class);

  private final History history;
  private final BudgetService budgets;
  private final DeploymentController deployments;
  private final EnvironmentName production;
  private final boolean rollback;
  private final Set<DeploymentId> acted = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("burn-watch").unstarted(r));

  public BurnWatch(
      History history,
      BudgetService budgets,
      DeploymentController deployments,
      EnvironmentName production,
      boolean rollback) {
    this.history = history;
    this.budgets = budgets;
    this.deployments = deployments;
    this.production = production;
    this.rollback = rollback;
  }

  /** Checks every 20 seconds (the minutes it reads are recorded once a minute). */
  public void start() {
    timer.scheduleWithFixedDelay(this::safeCheck, 20, 20, TimeUnit.SECONDS);
  }

  private void safeCheck() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn("burn watch: {}", e.getMessage(), e);
    }
  }

  /** Acts on every running production deployment whose service burns fast; returns those. */
  public List<DeploymentId> check() {
    List<DeploymentId> halted = new ArrayList<>();
    for (Deployment d : history.current().deployments()) {
      if (!d.active()
          || d.kind() == DeploymentKind.ROLLBACK
          || !d.fleet().environment().equals(production)
          || acted.contains(d.id())) {
        continue;
      }
      Optional<BudgetService.ObjectiveState> burning =
          budgets.states(Optional.of(d.fleet().service())).stream()
              .filter(s -> s.state().level() == Level.PAGE || s.state().level() == Level.EXHAUSTED)
              .findFirst();
      if (burning.isEmpty()) {
        continue;
      }
      String reason =
          "error budget of "
              + d.fleet().service()
              + ", objective "
              + burning.get().objective().name()
              + ": "
              + burning.get().state().reason();
      acted.add(d.id());
      if (rollback) {
        deployments.abort(d.id(), Actor.CONVEYOR, reason);
      } else {
        deployments.pause(d.id(), Actor.CONVEYOR, reason);
      }
      LOG.info("burn watch: {} {}: {}", rollback ? "rolled back" : "paused", d.id(), reason);
      halted.add(d.id());
    }
    return halted;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
