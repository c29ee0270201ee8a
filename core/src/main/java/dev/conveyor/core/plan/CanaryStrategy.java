package dev.conveyor.core.plan;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.Instance;
import java.util.List;

/**
 * One new instance at progressive traffic shares (1 → 5 → 25 → 50 % by default), verified at each
 * against the old fleet; then the old instances are replaced one by one, the canary taking the
 * first one's place.
 */
final class CanaryStrategy implements Strategy {
  @Override
  public String name() {
    return "canary";
  }

  @Override
  public Plan plan(
      FleetKey fleet, List<Instance> current, ArtifactId artifact, StrategyOptions options) {
    FleetPicture picture = new FleetPicture(fleet, current, artifact);
    if (picture.empty()) {
      return picture.initial(name(), options.initialInstances(), options.bake());
    }
    InstanceRef.Slot canary = picture.launch();
    canarySteps(picture, canary, options);
    promote(picture, canary, options);
    return picture.plan(name());
  }

  /** The canary's progressive shares, each verified against the baseline. */
  static void canarySteps(FleetPicture picture, InstanceRef.Slot canary, StrategyOptions options) {
    int last = 0;
    for (double share : options.canaryShares()) {
      int weight = picture.weightFor(share);
      if (weight == last) {
        continue; // a small fleet cannot tell two shares apart; one step is enough
      }
      picture.add(Step.Change.activate(canary, weight));
      picture.add(
          new Step.Verify(List.of(canary), picture.baselineRefs(), options.verify(), false));
      last = weight;
    }
  }

  /** Replaces the baseline one by one; the canary takes the first old instance's weight. */
  static void promote(FleetPicture picture, InstanceRef.Slot canary, StrategyOptions options) {
    List<Instance> old = picture.baseline;
    picture.add(Step.Change.activate(canary, old.get(0).weight()));
    picture.add(Step.Change.deactivate(FleetPicture.ref(old.get(0))));
    for (int i = 1; i < old.size(); i++) {
      InstanceRef.Slot slot = picture.launch();
      picture.add(Step.Change.activate(slot, old.get(i).weight()));
      picture.add(Step.Change.deactivate(FleetPicture.ref(old.get(i))));
    }
    if (!options.bake().isZero()) {
      picture.add(new Step.Bake(options.bake()));
    }
  }
}
