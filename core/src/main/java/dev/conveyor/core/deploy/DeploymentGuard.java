package dev.conveyor.core.deploy;

import dev.conveyor.core.plan.Plan;
import java.util.Optional;

/**
 * What may refuse a new deployment before it starts: the error-budget policy refuses production
 * deployments while the budget is exhausted (issue 6). Rollbacks are never asked; an operator may
 * start a refused deployment anyway as a fix, with a reason the history records on its {@code
 * deployment_started} event.
 */
@FunctionalInterface
public interface DeploymentGuard {
  /** Refuses nothing. */
  DeploymentGuard NONE = plan -> Optional.empty();

  /**
   * Why {@code plan} may not start now, as a sentence that says until when or what would allow it;
   * empty when it may.
   */
  Optional<String> refusal(Plan plan);
}
