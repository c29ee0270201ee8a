package dev.conveyor.server.api;

import dev.conveyor.core.budget.BudgetAttribution;
import dev.conveyor.core.budget.BudgetState;
import dev.conveyor.core.budget.BurnDown;
import dev.conveyor.core.budget.ErrorBudget;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.server.budget.BudgetService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/budgets[?service=S]}: each objective's error budget, burn rates, alert and what
 * each deployment spent; {@code GET
 * /api/budgets/{service}/{objective}/burndown[?span=1d&points=97]}: the budget remaining over time,
 * for a chart.
 */
public final class BudgetRoutes {
  private final BudgetService budgets;

  public BudgetRoutes(BudgetService budgets) {
    this.budgets = budgets;
  }

  void configure(JavalinConfig config) {
    config.routes.get("/api/budgets", this::list);
    config.routes.get("/api/budgets/{service}/{objective}/burndown", this::burnDown);
  }

  /** One objective as the API shows it. */
  record BudgetView(
      String service,
      String objective,
      String kind,
      double target,
      String from,
      String to,
      long events,
      long bad,
      double allowed,
      double remaining,
      double remainingFraction,
      Map<String, Double> burnRates,
      String state,
      String reason,
      List<BudgetAttribution.Spent> attribution) {
    static BudgetView of(BudgetService.ObjectiveState s) {
      BudgetState state = s.state();
      ErrorBudget b = state.budget();
      return new BudgetView(
          s.service().value(),
          s.objective().name(),
          s.objective().kind().label(),
          s.objective().target(),
          b.from().toString(),
          b.to().toString(),
          b.events(),
          b.bad(),
          b.allowed(),
          b.remaining(),
          b.remainingFraction(),
          state.burnRates(),
          state.level().label(),
          state.reason(),
          s.attribution());
    }
  }

  /** One point of a burn-down series. */
  record PointView(String at, long events, long bad, double remaining, double remainingFraction) {}

  private void burnDown(Context ctx) {
    ServiceName service = ServiceName.of(ctx.pathParam("service"));
    String objective = ctx.pathParam("objective");
    Duration span = QueryParams.duration(ctx, "span").orElse(Duration.ofDays(1));
    int points = QueryParams.integer(ctx, "points", 1, BurnDown.MAX_POINTS).orElse(97);
    List<PointView> series =
        budgets.burnDown(service, objective, span, points).stream()
            .map(
                p ->
                    new PointView(
                        p.at().toString(),
                        p.events(),
                        p.bad(),
                        p.remaining(),
                        p.remainingFraction()))
            .toList();
    ctx.json(
        Map.of(
            "service",
            service.value(),
            "objective",
            objective,
            "span",
            dev.conveyor.core.plan.Durations.human(span),
            "points",
            series));
  }

  private void list(Context ctx) {
    Optional<ServiceName> service = QueryParams.string(ctx, "service").map(ServiceName::of);
    List<BudgetView> views = budgets.states(service).stream().map(BudgetView::of).toList();
    ctx.json(Map.of("budgets", views));
  }
}
