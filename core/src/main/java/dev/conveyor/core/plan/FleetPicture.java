package dev.conveyor.core.plan;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.event.InstanceChanged;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What strategies need to know of a fleet: its baseline (the active instances of other artifacts,
 * heaviest first) and their total weight; and a builder that numbers new slots and collects steps.
 */
final class FleetPicture {
  final FleetKey fleet;
  final ArtifactId artifact;
  final List<Instance> baseline;
  final long totalWeight;
  final List<Step> steps = new ArrayList<>();
  private int nextSlot = 1;

  FleetPicture(FleetKey fleet, List<Instance> current, ArtifactId artifact) {
    this.fleet = fleet;
    this.artifact = artifact;
    this.baseline =
        current.stream()
            .filter(i -> i.state() == ActivationState.ACTIVE && !i.artifact().equals(artifact))
            .sorted(
                Comparator.comparingInt(Instance::weight).reversed().thenComparing(Instance::id))
            .toList();
    this.totalWeight = baseline.stream().mapToLong(Instance::weight).sum();
  }

  boolean empty() {
    return baseline.isEmpty();
  }

  InstanceRef.Slot launch(ArtifactId of) {
    InstanceRef.Slot slot = new InstanceRef.Slot("new-" + nextSlot++);
    steps.add(new Step.Launch(slot, of));
    return slot;
  }

  InstanceRef.Slot launch() {
    return launch(artifact);
  }

  void add(Step step) {
    steps.add(step);
  }

  static InstanceRef ref(Instance instance) {
    return new InstanceRef.Existing(instance.id());
  }

  List<InstanceRef> baselineRefs() {
    return baseline.stream().map(FleetPicture::ref).toList();
  }

  /**
   * The weight that gives a new instance {@code share} of the traffic beside the baseline's total
   * weight: {@code w / (W + w) = share}, so {@code w = share · W / (1 − share)}; at least 1 and at
   * most the largest weight.
   */
  int weightFor(double share) {
    return clamp(share * totalWeight / (1 - share));
  }

  /**
   * The weight that gives a new instance {@code share} of the traffic when a fresh baseline copy
   * beside it has the same weight: {@code w / (W + 2w) = share}, so {@code w = share · W / (1 − 2 ·
   * share)}. A share of a third or more cannot be reached beside an equal copy without taking
   * weight from the fleet; it gets the largest weight, and the plan's outline shows the share that
   * results.
   */
  int pairedWeightFor(double share) {
    return 2 * share >= 1
        ? InstanceChanged.MAX_WEIGHT
        : clamp(share * totalWeight / (1 - 2 * share));
  }

  private static int clamp(double weight) {
    return (int) Math.max(1, Math.min(InstanceChanged.MAX_WEIGHT, Math.round(weight)));
  }

  /**
   * Launches a fresh copy of the old version (the heaviest baseline instance's artifact), to be
   * judged against beside a candidate: see {@link BaselineChoice#FRESH}.
   */
  InstanceRef.Slot launchBaselineCopy() {
    return launch(baseline.get(0).artifact());
  }

  /**
   * A first deployment into a fleet with no active instance: start {@code count} instances, one at
   * a time, each given an equal share as it becomes active.
   */
  Plan initial(String strategy, int count, java.time.Duration bake) {
    int weight = InstanceChanged.MAX_WEIGHT / count;
    for (int i = 0; i < count; i++) {
      InstanceRef.Slot slot = launch();
      add(Step.Change.activate(slot, weight));
    }
    if (!bake.isZero()) {
      add(new Step.Bake(bake));
    }
    return plan(strategy);
  }

  Plan plan(String strategy) {
    return new Plan(fleet, artifact, strategy, steps);
  }
}
