package dev.conveyor.core.plan;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a plan will do to a fleet, worked out without doing it: the candidate's traffic share after
 * every step, the largest share it reaches, and how long the plan takes (its waits; launches and
 * drains add their own seconds). Also checks that every step can apply to the fleet as it will be.
 *
 * @param shares the candidate's share of client traffic after each step, in step order
 */
public record PlanOutline(
    List<Double> shares, double largestShare, Duration shortest, Duration longest, int launches) {

  /** The candidate's state of one instance, as the simulation tracks it. */
  private record Sim(ActivationState state, int weight, ArtifactId artifact) {}

  /**
   * Simulates {@code plan} on {@code fleet} (the instances of the plan's fleet now).
   *
   * @throws InvalidInputException if a step names an instance that is not in the fleet
   * @throws ConflictException if a step asks a change the instance's state will not allow then
   */
  public static PlanOutline of(Plan plan, List<Instance> fleet) {
    Map<String, Sim> instances = new LinkedHashMap<>();
    for (Instance instance : fleet) {
      instances.put(
          instance.id().value(), new Sim(instance.state(), instance.weight(), instance.artifact()));
    }
    List<Double> shares = new ArrayList<>();
    double largest = share(instances, plan.artifact());
    Duration shortest = Duration.ZERO;
    Duration longest = Duration.ZERO;
    int launches = 0;
    for (int i = 0; i < plan.steps().size(); i++) {
      Step step = plan.steps().get(i);
      String where = "step " + (i + 1) + " (" + step.describe() + ")";
      switch (step) {
        case Step.Launch l -> {
          instances.put(l.slot().name(), new Sim(ActivationState.STANDBY, 0, l.artifact()));
          launches++;
        }
        case Step.Change c -> {
          Sim current = existing(instances, c.target(), where);
          ActivationState to =
              switch (c.action()) {
                case ACTIVATE -> ActivationState.ACTIVE;
                case STANDBY -> ActivationState.STANDBY;
                case SHADOW -> ActivationState.SHADOW;
                case DEACTIVATE -> ActivationState.STOPPED;
              };
          boolean allowed =
              to == ActivationState.STOPPED
                  ? current.state().isRunning()
                  : current.state().canChangeTo(to)
                      && !(to == ActivationState.ACTIVE
                          && current.state() == ActivationState.ACTIVE
                          && current.weight() == c.weight());
          if (!allowed) {
            throw new ConflictException(
                where + ": " + c.target() + " will be " + current.state() + " then");
          }
          if (to == ActivationState.STOPPED) {
            instances.remove(c.target().toString());
          } else {
            instances.put(c.target().toString(), new Sim(to, c.weight(), current.artifact()));
          }
        }
        case Step.Verify v -> {
          for (InstanceRef ref : Plan.refs(v)) {
            existing(instances, ref, where);
          }
          shortest = shortest.plus(v.spec().minDuration());
          longest = longest.plus(v.spec().maxDuration());
        }
        case Step.Bake b -> {
          shortest = shortest.plus(b.duration());
          longest = longest.plus(b.duration());
        }
        case Step.Approve a -> longest = longest.plus(a.timeout());
      }
      double share = share(instances, plan.artifact());
      shares.add(share);
      largest = Math.max(largest, share);
    }
    return new PlanOutline(List.copyOf(shares), largest, shortest, longest, launches);
  }

  private static Sim existing(Map<String, Sim> instances, InstanceRef ref, String where) {
    Sim sim = instances.get(ref.toString());
    if (sim == null) {
      throw new InvalidInputException(
          where
              + ": instance "
              + ref
              + " is not in the fleet"
              + (ref instanceof InstanceRef.Slot ? " (it was launched, then deactivated)" : ""));
    }
    return sim;
  }

  /** The share of client traffic on instances of {@code artifact}. */
  private static double share(Map<String, Sim> instances, ArtifactId artifact) {
    long total = 0;
    long candidate = 0;
    for (Sim sim : instances.values()) {
      if (sim.state() == ActivationState.ACTIVE) {
        total += sim.weight();
        if (sim.artifact().equals(artifact)) {
          candidate += sim.weight();
        }
      }
    }
    return total == 0 ? 0 : (double) candidate / total;
  }
}
