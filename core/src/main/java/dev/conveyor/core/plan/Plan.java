package dev.conveyor.core.plan;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A deployment plan: ordered steps that bring {@code artifact} into {@code fleet}, made by a
 * strategy or written by hand. It is data: shown before it is applied, stored in the history when
 * it starts, and replayed step by step.
 *
 * @param strategy the strategy that made it ({@code rolling}, {@code canary}, …), or {@code manual}
 */
public record Plan(FleetKey fleet, ArtifactId artifact, String strategy, List<Step> steps) {
  public Plan {
    Preconditions.present(fleet, "fleet");
    Preconditions.present(artifact, "artifact");
    Preconditions.present(strategy, "strategy");
    Preconditions.check(!steps.isEmpty(), "a plan needs at least one step");
    steps = List.copyOf(steps);
    Set<InstanceRef.Slot> launched = new HashSet<>();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      if (step instanceof Step.Launch launch && !launched.add(launch.slot())) {
        throw new InvalidInputException(
            "step "
                + (i + 1)
                + ": slot "
                + launch.slot()
                + " is launched twice; give each launch its own slot");
      }
      for (InstanceRef ref : refs(step)) {
        if (ref instanceof InstanceRef.Slot slot && !launched.contains(slot)) {
          throw new InvalidInputException(
              "step "
                  + (i + 1)
                  + " ("
                  + step.describe()
                  + "): "
                  + slot
                  + " is not launched by an earlier step");
        }
      }
    }
  }

  /** The instances a step names (other than the slot a launch creates). */
  static List<InstanceRef> refs(Step step) {
    return switch (step) {
      case Step.Change c -> List.of(c.target());
      case Step.Verify v -> {
        List<InstanceRef> all = new java.util.ArrayList<>(v.candidates());
        all.addAll(v.baseline());
        yield all;
      }
      case Step.Launch l -> List.of();
      case Step.Bake b -> List.of();
      case Step.Approve a -> List.of();
    };
  }
}
