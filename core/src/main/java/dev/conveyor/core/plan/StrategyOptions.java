package dev.conveyor.core.plan;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.verify.VerificationSpec;
import java.time.Duration;
import java.util.List;

/**
 * What a strategy may be told: the canary's traffic shares, how each verification runs, how long to
 * bake, the blue-green standby window, how many instances a partial deployment replaces and how
 * long it holds, and how many instances a first deployment starts.
 */
public record StrategyOptions(
    List<Double> canaryShares,
    VerificationSpec verify,
    Duration bake,
    Duration standbyWindow,
    int partialCount,
    Duration hold,
    int initialInstances,
    boolean verifyReplacements) {

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
        true);
  }

  public StrategyOptions withCanaryShares(List<Double> shares) {
    return new StrategyOptions(
        shares,
        verify,
        bake,
        standbyWindow,
        partialCount,
        hold,
        initialInstances,
        verifyReplacements);
  }

  public StrategyOptions withVerify(VerificationSpec spec) {
    return new StrategyOptions(
        canaryShares,
        spec,
        bake,
        standbyWindow,
        partialCount,
        hold,
        initialInstances,
        verifyReplacements);
  }

  public StrategyOptions withBake(Duration duration) {
    return new StrategyOptions(
        canaryShares,
        verify,
        duration,
        standbyWindow,
        partialCount,
        hold,
        initialInstances,
        verifyReplacements);
  }

  public StrategyOptions withStandbyWindow(Duration window) {
    return new StrategyOptions(
        canaryShares,
        verify,
        bake,
        window,
        partialCount,
        hold,
        initialInstances,
        verifyReplacements);
  }

  public StrategyOptions withPartial(int count, Duration holdFor) {
    return new StrategyOptions(
        canaryShares,
        verify,
        bake,
        standbyWindow,
        count,
        holdFor,
        initialInstances,
        verifyReplacements);
  }

  public StrategyOptions withInitialInstances(int count) {
    return new StrategyOptions(
        canaryShares, verify, bake, standbyWindow, partialCount, hold, count, verifyReplacements);
  }

  public StrategyOptions withVerifyReplacements(boolean verifyEach) {
    return new StrategyOptions(
        canaryShares,
        verify,
        bake,
        standbyWindow,
        partialCount,
        hold,
        initialInstances,
        verifyEach);
  }
}
