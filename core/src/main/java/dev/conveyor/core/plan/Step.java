package dev.conveyor.core.plan;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.event.InstanceChanged;
import dev.conveyor.core.verify.VerificationSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One step of a plan. Only {@link Launch} and {@link Change} touch the fleet, and each touches one
 * instance; {@link Verify}, {@link Bake} and {@link Approve} wait for evidence, time or a person.
 */
public sealed interface Step {

  /** A plain description for a person, e.g. {@code activate new-1 with weight 101}. */
  String describe();

  /** Launch one instance of {@code artifact}; it ends in standby and is named {@code slot}. */
  record Launch(InstanceRef.Slot slot, ArtifactId artifact) implements Step {
    public Launch {
      Preconditions.present(slot, "slot");
      Preconditions.present(artifact, "artifact");
    }

    @Override
    public String describe() {
      return "launch " + slot + " from artifact " + artifact.shortForm();
    }
  }

  /** What a change does to its one instance. */
  enum Action {
    /** To {@code active} with a weight, or a new weight for an active instance. */
    ACTIVATE,
    STANDBY,
    SHADOW,
    /** Drain, then stop. */
    DEACTIVATE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Change one instance: activate (with a weight), standby, shadow, or deactivate. */
  record Change(InstanceRef target, Action action, int weight) implements Step {
    public Change {
      Preconditions.present(target, "target instance");
      Preconditions.present(action, "action");
      if (action == Action.ACTIVATE) {
        Preconditions.check(
            weight >= 1 && weight <= InstanceChanged.MAX_WEIGHT,
            "activate %s: weight must be 1 to %s basis points, got %s",
            target,
            InstanceChanged.MAX_WEIGHT,
            weight);
      } else {
        Preconditions.check(
            weight == 0, "%s %s: only activate takes a weight", action.label(), target);
      }
    }

    public static Change activate(InstanceRef target, int weight) {
      return new Change(target, Action.ACTIVATE, weight);
    }

    public static Change standby(InstanceRef target) {
      return new Change(target, Action.STANDBY, 0);
    }

    public static Change shadow(InstanceRef target) {
      return new Change(target, Action.SHADOW, 0);
    }

    public static Change deactivate(InstanceRef target) {
      return new Change(target, Action.DEACTIVATE, 0);
    }

    @Override
    public String describe() {
      return action == Action.ACTIVATE
          ? "activate " + target + " with weight " + weight
          : action.label() + " " + target;
    }
  }

  /**
   * Judge the candidates against the baseline as {@code spec} says: on the live traffic both serve,
   * or, with {@code shadow}, on the answers the router compares while both receive mirrored traffic
   * (the baseline is then a second copy of the old version, which measures the noise).
   */
  record Verify(
      List<InstanceRef> candidates,
      List<InstanceRef> baseline,
      VerificationSpec spec,
      boolean shadow)
      implements Step {
    public Verify {
      Preconditions.present(spec, "verification spec");
      Preconditions.check(!candidates.isEmpty(), "verify needs at least one candidate instance");
      candidates = List.copyOf(candidates);
      baseline = List.copyOf(baseline);
    }

    @Override
    public String describe() {
      return (shadow ? "compare the shadow answers of " : "verify ")
          + String.join(", ", candidates.stream().map(Object::toString).toList())
          + (baseline.isEmpty()
              ? " (absolute limits only)"
              : " against " + String.join(", ", baseline.stream().map(Object::toString).toList()))
          + " for "
          + Durations.human(spec.minDuration())
          + " to "
          + Durations.human(spec.maxDuration());
    }
  }

  /** Wait, with the fleet as it is, for {@code duration}. */
  record Bake(Duration duration) implements Step {
    public Bake {
      Preconditions.check(
          duration != null && duration.isPositive(),
          "bake needs a positive duration, got %s",
          duration);
    }

    @Override
    public String describe() {
      return "bake " + Durations.human(duration);
    }
  }

  /** Wait until one of {@code approvers} (names or roles) approves, for at most {@code timeout}. */
  record Approve(Set<String> approvers, Duration timeout) implements Step {
    public Approve {
      Preconditions.check(!approvers.isEmpty(), "approve needs at least one approver or role");
      Preconditions.check(
          timeout != null && timeout.isPositive(),
          "approve needs a positive timeout, got %s",
          timeout);
      approvers = java.util.Collections.unmodifiableSet(new TreeSet<>(approvers));
    }

    @Override
    public String describe() {
      return "approval by "
          + String.join(" or ", approvers)
          + " within "
          + Durations.human(timeout);
    }
  }
}
