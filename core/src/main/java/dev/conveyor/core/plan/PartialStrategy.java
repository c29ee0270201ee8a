package dev.conveyor.core.plan;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.Instance;
import java.util.ArrayList;
import java.util.List;

/**
 * Replace k of the n instances, one at a time, then hold the mixed fleet while verification
 * continues for the hold duration. The deployment ends with both versions serving; another
 * deployment finishes the change, or a rollback undoes it.
 */
final class PartialStrategy implements Strategy {
  @Override
  public String name() {
    return "partial";
  }

  @Override
  public Plan plan(
      FleetKey fleet, List<Instance> current, ArtifactId artifact, StrategyOptions options) {
    FleetPicture picture = new FleetPicture(fleet, current, artifact);
    if (picture.empty()) {
      return picture.initial(name(), options.initialInstances(), options.bake());
    }
    List<Instance> old = picture.baseline;
    int k = options.partialCount();
    if (k >= old.size()) {
      throw new InvalidInputException(
          "partial: replacing "
              + k
              + " of "
              + old.size()
              + " instances leaves no old instance to compare with; replace fewer (--replace"
              + " 1 to "
              + (old.size() - 1)
              + "), or use rolling");
    }
    List<InstanceRef> replaced = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      InstanceRef.Slot slot = picture.launch();
      picture.add(Step.Change.activate(slot, old.get(i).weight()));
      picture.add(Step.Change.deactivate(FleetPicture.ref(old.get(i))));
      replaced.add(slot);
    }
    List<InstanceRef> kept = old.subList(k, old.size()).stream().map(FleetPicture::ref).toList();
    picture.add(
        new Step.Verify(replaced, kept, options.verify().holdingFor(options.hold()), false));
    return picture.plan(name());
  }
}
