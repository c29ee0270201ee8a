package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.plan.Strategy;
import dev.conveyor.core.plan.StrategyOptions;

/**
 * How a stage deploys an artifact that passed its gate into the stage's fleet: the strategy by name
 * (canary, rolling, blue-green, partial, bifurcated) and its options.
 */
public record DeploySpec(String strategy, StrategyOptions options) {
  public static final DeploySpec DEFAULT = new DeploySpec("canary", StrategyOptions.defaults());

  public DeploySpec {
    Strategy.named(Preconditions.present(strategy, "the deploy strategy")); // names the known ones
    Preconditions.present(options, "the deploy options");
  }
}
