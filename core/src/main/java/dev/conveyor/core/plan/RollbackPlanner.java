package dev.conveyor.core.plan;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plans a rollback: bring a fleet back to how it was at an earlier moment, one instance at a time.
 * Capacity is restored first (instances that served then and stand by now are activated again,
 * instances that served then and are gone are replaced by new ones of the same artifact, each at
 * its old weight); only then is every instance that did not serve then deactivated.
 */
public final class RollbackPlanner {
  private RollbackPlanner() {}

  /**
   * The plan that returns {@code fleet} from {@code now} to {@code then}, or nothing when it is
   * already so; {@code artifact} names the artifact being rolled back (the plan's subject in the
   * history).
   */
  public static java.util.Optional<Plan> plan(
      FleetKey fleet, List<Instance> then, List<Instance> now, ArtifactId artifact) {
    Map<String, Instance> current = new TreeMap<>();
    now.forEach(i -> current.put(i.id().value(), i));
    List<Instance> served =
        then.stream()
            .filter(i -> i.state() == ActivationState.ACTIVE)
            .sorted(Comparator.comparing(Instance::id))
            .toList();
    List<Step> steps = new ArrayList<>();
    int slots = 0;
    List<String> keep = new ArrayList<>();
    for (Instance before : served) {
      Instance still = current.get(before.id().value());
      if (still != null
          && still.state() == ActivationState.ACTIVE
          && still.weight() == before.weight()) {
        keep.add(before.id().value());
      } else if (still != null && still.state().canChangeTo(ActivationState.ACTIVE)) {
        steps.add(Step.Change.activate(new InstanceRef.Existing(still.id()), before.weight()));
        keep.add(before.id().value());
      } else {
        InstanceRef.Slot slot = new InstanceRef.Slot("new-" + ++slots);
        steps.add(new Step.Launch(slot, before.artifact()));
        steps.add(Step.Change.activate(slot, before.weight()));
      }
    }
    for (Instance instance : current.values()) {
      if (!keep.contains(instance.id().value()) && instance.state().isRunning()) {
        steps.add(Step.Change.deactivate(new InstanceRef.Existing(instance.id())));
      }
    }
    if (steps.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Plan(fleet, artifact, "rollback", steps));
  }
}
