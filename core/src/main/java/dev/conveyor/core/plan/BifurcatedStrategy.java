package dev.conveyor.core.plan;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.Instance;
import java.util.List;
import java.util.Optional;

/**
 * Bifurcated verification, as Twitter's Diffy does it: the new instance runs in shadow beside a
 * second copy of the old version, both receiving the same mirrored requests; the old copy's
 * differences from the primary's answers measure the noise (timestamps, ids), and the new one's
 * differences are judged against it. On a pass the copy goes, and the new instance continues as a
 * canary — judged, by default, against that same copy of the old version, now serving beside it
 * ({@link BaselineChoice#FRESH}).
 */
final class BifurcatedStrategy implements Strategy {
  @Override
  public String name() {
    return "bifurcated";
  }

  @Override
  public Plan plan(
      FleetKey fleet, List<Instance> current, ArtifactId artifact, StrategyOptions options) {
    FleetPicture picture = new FleetPicture(fleet, current, artifact);
    if (picture.empty()) {
      return picture.initial(name(), options.initialInstances(), options.bake());
    }
    InstanceRef.Slot candidate = picture.launch();
    InstanceRef.Slot noise = picture.launchBaselineCopy();
    picture.add(Step.Change.shadow(candidate));
    picture.add(Step.Change.shadow(noise));
    picture.add(new Step.Verify(List.of(candidate), List.of(noise), options.verify(), true));
    Optional<InstanceRef.Slot> copy = Optional.empty();
    if (options.baseline() == BaselineChoice.FRESH) {
      copy = Optional.of(noise); // as warm as the candidate: both served the same mirrored traffic
    } else {
      picture.add(Step.Change.deactivate(noise));
    }
    int weight =
        CanaryStrategy.canarySteps(
            picture, candidate, copy, options.canaryShares(), options.verify());
    CanaryStrategy.promote(picture, candidate, weight, copy, options);
    return picture.plan(name());
  }
}
