package dev.conveyor.server.api;

import dev.conveyor.core.budget.BudgetState;
import dev.conveyor.core.budget.ErrorBudget;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.server.budget.BudgetService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/budgets[?service=S]}: each objective's error budget, burn rates and alert. */
public final class BudgetRoutes {
  private final BudgetService budgets;

  public BudgetRoutes(BudgetService budgets) {
    this.budgets = budgets;
  }

  void configure(JavalinConfig config) {
    config.routes.get("/api/budgets", this::list);
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
      Map<String, Long> attribution) {
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

  private void list(Context ctx) {
    Optional<ServiceName> service = QueryParams.string(ctx, "service").map(ServiceName::of);
    List<BudgetView> views = budgets.states(service).stream().map(BudgetView::of).toList();
    ctx.json(Map.of("budgets", views));
  }
}
