package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.budget.BurnWindow.Level;
import dev.conveyor.core.fleet.ServiceName;

/**
 * An objective's error-budget alert changed: it started to fire (a ticket, a page, exhausted), grew
 * louder or quieter, or stopped ({@code level} ok). Recorded when the change is seen, and sent to
 * the alert webhooks.
 *
 * @param previous the level recorded before (ok when none was)
 * @param reason the burn rates or budget that set the level, in a sentence
 */
public record BudgetAlerted(
    ServiceName service, String objective, Level level, Level previous, String reason)
    implements Event {
  public BudgetAlerted {
    Preconditions.present(service, "service");
    Preconditions.check(
        objective != null && !objective.isBlank(), "a budget alert names its objective");
    Preconditions.present(level, "level");
    Preconditions.present(previous, "previous level");
    Preconditions.check(level != previous, "a budget alert changes the level, got %s twice", level);
    Preconditions.check(reason != null && !reason.isBlank(), "a budget alert gives its reason");
  }

  /** Whether the objective is quiet again. */
  public boolean resolved() {
    return level == Level.OK;
  }
}
