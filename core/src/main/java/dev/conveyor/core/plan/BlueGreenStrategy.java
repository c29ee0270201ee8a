package dev.conveyor.core.plan;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A full new fleet in standby; one of it verified on a small slice of traffic (by default against a
 * fresh copy of the old version on an equal slice, {@link BaselineChoice#FRESH}); then the switch
 * (each new instance activated, each old one put in standby); the old fleet kept in standby for a
 * window, during which a rollback is instant; then deactivated.
 */
final class BlueGreenStrategy implements Strategy {
  /** The slice the first green instance serves while it is verified. */
  static final double SLICE = 0.05;

  @Override
  public String name() {
    return "blue-green";
  }

  @Override
  public Plan plan(
      FleetKey fleet, List<Instance> current, ArtifactId artifact, StrategyOptions options) {
    FleetPicture picture = new FleetPicture(fleet, current, artifact);
    if (picture.empty()) {
      return picture.initial(name(), options.initialInstances(), options.bake());
    }
    List<Instance> blue = picture.baseline;
    List<InstanceRef.Slot> green = new ArrayList<>();
    for (int i = 0; i < blue.size(); i++) {
      green.add(picture.launch());
    }
    Optional<InstanceRef.Slot> copy = CanaryStrategy.baselineCopy(picture, options);
    CanaryStrategy.canarySteps(picture, green.get(0), copy, List.of(SLICE), options.verify());
    for (int i = 0; i < blue.size(); i++) {
      picture.add(Step.Change.activate(green.get(i), blue.get(i).weight()));
    }
    copy.ifPresent(c -> picture.add(Step.Change.deactivate(c)));
    for (Instance instance : blue) {
      picture.add(Step.Change.standby(FleetPicture.ref(instance)));
    }
    if (!options.standbyWindow().isZero()) {
      picture.add(new Step.Bake(options.standbyWindow()));
    }
    for (Instance instance : blue) {
      picture.add(Step.Change.deactivate(FleetPicture.ref(instance)));
    }
    return picture.plan(name());
  }
}
