package dev.conveyor.core.plan;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.verify.VerificationSpec;
import java.util.List;
import java.util.Optional;

/**
 * One new instance at progressive traffic shares (1 → 5 → 25 → 50 % by default), verified at each;
 * then the old instances are replaced one by one, the canary taking the first one's place.
 *
 * <p>By default ({@link BaselineChoice#FRESH}) a fresh copy of the old version is launched beside
 * the canary and given the same weight at each share, and the canary is judged against that copy,
 * not against the long-running fleet; the copy leaves when the canary takes its place in the fleet.
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
    Optional<InstanceRef.Slot> copy = baselineCopy(picture, options);
    int weight = canarySteps(picture, canary, copy, options.canaryShares(), options.verify());
    promote(picture, canary, weight, copy, options);
    return picture.plan(name());
  }

  /** A fresh copy of the old version when the options ask to be judged against one. */
  static Optional<InstanceRef.Slot> baselineCopy(FleetPicture picture, StrategyOptions options) {
    return options.baseline() == BaselineChoice.FRESH
        ? Optional.of(picture.launchBaselineCopy())
        : Optional.empty();
  }

  /**
   * The candidate's progressive shares, each verified: against {@code copy} when there is one (the
   * copy gets the same weight first, so that the candidate's share is reached exactly), else
   * against the fleet's old instances.
   */
  static int canarySteps(
      FleetPicture picture,
      InstanceRef.Slot canary,
      Optional<InstanceRef.Slot> copy,
      List<Double> shares,
      VerificationSpec spec) {
    List<InstanceRef> baseline =
        copy.<List<InstanceRef>>map(List::of).orElseGet(picture::baselineRefs);
    int last = 0;
    for (double share : shares) {
      int weight = copy.isPresent() ? picture.pairedWeightFor(share) : picture.weightFor(share);
      if (weight == last) {
        continue; // a small fleet cannot tell two shares apart; one step is enough
      }
      copy.ifPresent(c -> picture.add(Step.Change.activate(c, weight)));
      picture.add(Step.Change.activate(canary, weight));
      picture.add(new Step.Verify(List.of(canary), baseline, spec, false));
      last = weight;
    }
    return last;
  }

  /**
   * Replaces the baseline one by one; the canary takes the first old instance's weight, and then
   * the copy it was judged against leaves. A canary that already carries that weight (a
   * one-instance fleet at a large share) is not changed again.
   *
   * @param canaryWeight the canary's weight after its last verified share
   */
  static void promote(
      FleetPicture picture,
      InstanceRef.Slot canary,
      int canaryWeight,
      Optional<InstanceRef.Slot> copy,
      StrategyOptions options) {
    List<Instance> old = picture.baseline;
    if (canaryWeight != old.get(0).weight()) {
      picture.add(Step.Change.activate(canary, old.get(0).weight()));
    }
    copy.ifPresent(c -> picture.add(Step.Change.deactivate(c)));
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
