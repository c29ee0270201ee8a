package dev.conveyor.core.plan;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.Instance;
import java.util.ArrayList;
import java.util.List;

/**
 * One at a time: for each old instance, launch a new one, give it the old one's weight, verify the
 * new instances against the old ones still serving, then deactivate the old one. Capacity never
 * drops below the fleet's.
 */
final class RollingStrategy implements Strategy {
  @Override
  public String name() {
    return "rolling";
  }

  @Override
  public Plan plan(
      FleetKey fleet, List<Instance> current, ArtifactId artifact, StrategyOptions options) {
    FleetPicture picture = new FleetPicture(fleet, current, artifact);
    if (picture.empty()) {
      return picture.initial(name(), options.initialInstances(), options.bake());
    }
    List<InstanceRef> replaced = new ArrayList<>();
    List<Instance> old = picture.baseline;
    for (int i = 0; i < old.size(); i++) {
      Instance previous = old.get(i);
      InstanceRef.Slot slot = picture.launch();
      picture.add(Step.Change.activate(slot, previous.weight()));
      replaced.add(slot);
      if (options.verifyReplacements()) {
        // The old instances still serving, this one included: it leaves only after the verdict.
        List<InstanceRef> remaining =
            old.subList(i, old.size()).stream().map(FleetPicture::ref).toList();
        picture.add(new Step.Verify(List.copyOf(replaced), remaining, options.verify(), false));
      }
      picture.add(Step.Change.deactivate(FleetPicture.ref(previous)));
    }
    if (!options.bake().isZero()) {
      picture.add(new Step.Bake(options.bake()));
    }
    return picture.plan(name());
  }
}
