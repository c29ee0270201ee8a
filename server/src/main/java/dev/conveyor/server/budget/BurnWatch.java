package dev.conveyor.server.budget;

import dev.conveyor.core.budget.BurnWindow.Level;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.BudgetAlerted;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.DeploymentStarted;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.history.History;
import dev.conveyor.server.deploy.DeploymentController;
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
 * Watches the budgets every {@link #PERIOD_SECONDS} seconds:
 *
 * <ul>
 *   <li>when an objective's alert level changes (ok, ticket, page, exhausted — and back), records a
 *       {@code budget_alerted} event and posts it to the alert webhooks;
 *   <li>when an objective of a service burns fast enough to page (the workbook's 1 h & 5 min at
 *       14.4×, or 6 h & 30 min at 6×) or is exhausted, the production deployments of that service
 *       that run are rolled back (policy {@code fastBurn: rollback}) or paused ({@code pause}),
 *       with the burn as the reason. Rollbacks themselves are left alone.
 * </ul>
 *
 * <p>After a restart the last level recorded for each objective is read back from the history (its
 * last {@value #ALERT_LOOKBACK} events of the service), so an alert is not announced twice.
 */
public final class BurnWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BurnWatch.class);

  /** The budgets read the running minute live, so a few seconds is as fresh as they get. */
  static final int PERIOD_SECONDS = 5;

  static final int ALERT_LOOKBACK = 10_000;

  private final History history;
  private final BudgetService budgets;
  private final DeploymentController deployments;
  private final EnvironmentName production;
  private final boolean rollback;
  private final boolean haltWhenExhausted;
  private final AlertWebhooks webhooks;
  private final Set<DeploymentId> acted = ConcurrentHashMap.newKeySet();
  private final Map<String, Level> levels = new HashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("burn-watch").unstarted(r));

  public BurnWatch(
      History history,
      BudgetService budgets,
      DeploymentController deployments,
      EnvironmentName production,
      AlertWebhooks webhooks) {
    this.history = history;
    this.budgets = budgets;
    this.deployments = deployments;
    this.production = production;
    this.rollback = budgets.config().policy().rollbackOnFastBurn();
    this.haltWhenExhausted = budgets.config().policy().refuseWhenExhausted();
    this.webhooks = webhooks;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::safeCheck, 1, PERIOD_SECONDS, TimeUnit.SECONDS);
  }

  private void safeCheck() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn("burn watch: {}", e.getMessage(), e);
    }
  }

  /**
   * Records the alerts that changed, then acts on every running production deployment whose service
   * burns fast; returns the deployments it halted.
   */
  public synchronized List<DeploymentId> check() {
    List<BudgetService.ObjectiveState> states = budgets.states(Optional.empty());
    for (BudgetService.ObjectiveState s : states) {
      alert(s);
    }
    List<DeploymentId> halted = new ArrayList<>();
    for (Deployment d : history.current().deployments()) {
      if (!d.active()
          || d.kind() == DeploymentKind.ROLLBACK
          || !d.fleet().environment().equals(production)
          || acted.contains(d.id())) {
        continue;
      }
      Optional<BudgetService.ObjectiveState> burning =
          states.stream()
              .filter(s -> s.service().equals(d.fleet().service()))
              .filter(
                  s ->
                      s.state().burning() == Level.PAGE
                          || (haltWhenExhausted && s.state().level() == Level.EXHAUSTED))
              .findFirst();
      if (burning.isEmpty() || isFix(d)) {
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

  /** Whether an operator started {@code d} as a fix over a refusal (its override is recorded). */
  private boolean isFix(Deployment d) {
    return history
        .store()
        .read(d.startedSeq())
        .map(e -> e.event() instanceof DeploymentStarted s && s.override() != null)
        .orElse(false);
  }

  private void alert(BudgetService.ObjectiveState s) {
    String key = s.service().value() + "/" + s.objective().name();
    Level last = levels.computeIfAbsent(key, k -> lastRecorded(s.service(), s.objective().name()));
    Level now = s.state().level();
    if (now == last) {
      return;
    }
    BudgetAlerted alert =
        new BudgetAlerted(s.service(), s.objective().name(), now, last, s.state().reason());
    RecordedEvent recorded =
        history
            .record(
                state -> List.of(new EventDraft(Actor.CONVEYOR, Causation.system("budget"), alert)))
            .get(0);
    levels.put(key, now);
    LOG.info("budget alert {}: {} (was {}): {}", key, now.label(), last.label(), alert.reason());
    webhooks.send(recorded);
  }

  /** The level the history last recorded for the objective; ok when none is recorded. */
  private Level lastRecorded(ServiceName service, String objective) {
    List<RecordedEvent> recent =
        history.store().read(EventQuery.all(ALERT_LOOKBACK).of(service).reversed());
    for (RecordedEvent e : recent) {
      if (e.event() instanceof BudgetAlerted a && a.objective().equals(objective)) {
        return a.level();
      }
    }
    return Level.OK;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
