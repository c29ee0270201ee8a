package dev.conveyor.core.plan;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.verify.VerificationSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a strategy may be told: the canary's traffic shares, how each verification runs, how long to
 * bake, the blue-green standby window, how many instances a partial deployment replaces and how
 * long it holds, how many instances a first deployment starts, and what a candidate on a small
 * slice is compared with ({@link BaselineChoice}).
 */
public record StrategyOptions(
    List<Double> canaryShares,
    VerificationSpec verify,
    Duration bake,
    Duration standbyWindow,
    int partialCount,
    Duration hold,
    int initialInstances,
    boolean verifyReplacements,
    BaselineChoice baseline) {

  /** 1 → 5 → 25 → 50 %: each step exposes the candidate to several times more traffic. */
  public static final List<Double> DEFAULT_CANARY_SHARES = List.of(0.01, 0.05, 0.25, 0.50);

  public StrategyOptions {
    Preconditions.check(!canaryShares.isEmpty(), "a canary needs at least one traffic share");
    double previous = 0;
    for (double share : canaryShares) {
      Preconditions.check(
          share > previous && share < 1,
          "canary shares must rise strictly and stay below 100%%, got %s",
          canaryShares);
      previous = share;
    }
    canaryShares = List.copyOf(canaryShares);
    Preconditions.present(verify, "verification");
    Preconditions.check(!bake.isNegative(), "bake must not be negative, got %s", bake);
    Preconditions.check(
        !standbyWindow.isNegative(), "standby window must not be negative, got %s", standbyWindow);
    Preconditions.check(
        partialCount >= 1,
        "a partial deployment replaces at least 1 instance, got %s",
        partialCount);
    Preconditions.check(!hold.isNegative(), "hold must not be negative, got %s", hold);
    Preconditions.check(
        initialInstances >= 1,
        "a first deployment starts at least 1 instance, got %s",
        initialInstances);
    Preconditions.present(baseline, "baseline");
  }

  public static StrategyOptions defaults() {
    return new StrategyOptions(
        DEFAULT_CANARY_SHARES,
        VerificationSpec.DEFAULT,
        Duration.ZERO,
        Duration.ofMinutes(10),
        1,
        Duration.ofMinutes(30),
        3,
        true,
        BaselineChoice.FRESH);
  }

  public StrategyOptions withCanaryShares(List<Double> shares) {
    return edit(b -> b.canaryShares = shares);
  }

  public StrategyOptions withVerify(VerificationSpec spec) {
    return edit(b -> b.verify = spec);
  }

  public StrategyOptions withBake(Duration duration) {
    return edit(b -> b.bake = duration);
  }

  public StrategyOptions withStandbyWindow(Duration window) {
    return edit(b -> b.standbyWindow = window);
  }

  public StrategyOptions withPartial(int count, Duration holdFor) {
    return edit(
        b -> {
          b.partialCount = count;
          b.hold = holdFor;
        });
  }

  public StrategyOptions withInitialInstances(int count) {
    return edit(b -> b.initialInstances = count);
  }

  public StrategyOptions withVerifyReplacements(boolean verifyEach) {
    return edit(b -> b.verifyReplacements = verifyEach);
  }

  public StrategyOptions withBaseline(BaselineChoice choice) {
    return edit(b -> b.baseline = choice);
  }

  /** A copy with the fields {@code change} sets; the rest as they are here. */
  private StrategyOptions edit(Consumer<Fields> change) {
    Fields fields = new Fields(this);
    change.accept(fields);
    return fields.build();
  }

  /** The fields as mutable variables, for {@link #edit}. */
  private static final class Fields {
    List<Double> canaryShares;
    VerificationSpec verify;
    Duration bake;
    Duration standbyWindow;
    int partialCount;
    Duration hold;
    int initialInstances;
    boolean verifyReplacements;
    BaselineChoice baseline;

    Fields(StrategyOptions o) {
      canaryShares = o.canaryShares;
      verify = o.verify;
      bake = o.bake;
      standbyWindow = o.standbyWindow;
      partialCount = o.partialCount;
      hold = o.hold;
      initialInstances = o.initialInstances;
      verifyReplacements = o.verifyReplacements;
      baseline = o.baseline;
    }

    StrategyOptions build() {
      return new StrategyOptions(
          canaryShares,
          verify,
          bake,
          standbyWindow,
          partialCount,
          hold,
          initialInstances,
          verifyReplacements,
          baseline);
    }
  }
}
