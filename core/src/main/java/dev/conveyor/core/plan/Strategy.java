package dev.conveyor.core.plan;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.Instance;
import java.util.List;

/**
 * A way to bring a new artifact into a fleet, as a function of the fleet, the artifact and the
 * options: it returns a plan and changes nothing. Every strategy is a sequence of single-instance
 * changes; they differ only in the order and the waits.
 */
public interface Strategy {
  /** The strategy's name, as the CLI and plans spell it. */
  String name();

  /** The plan to bring {@code artifact} into {@code fleet}, whose instances are {@code current}. */
  Plan plan(FleetKey fleet, List<Instance> current, ArtifactId artifact, StrategyOptions options);

  /** Every strategy, by name. */
  List<Strategy> ALL =
      List.of(
          new RollingStrategy(),
          new CanaryStrategy(),
          new BlueGreenStrategy(),
          new PartialStrategy(),
          new BifurcatedStrategy());

  /** The strategy called {@code name}, or an error listing them. */
  static Strategy named(String name) {
    for (Strategy strategy : ALL) {
      if (strategy.name().equals(name)) {
        return strategy;
      }
    }
    throw new InvalidInputException(
        "unknown strategy '"
            + name
            + "': choose one of "
            + String.join(", ", ALL.stream().map(Strategy::name).toList()));
  }
}
