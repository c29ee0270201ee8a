package dev.conveyor.bench.detection;

import dev.conveyor.core.verify.SplitSprt;

/**
 * Conveyor's mixture with the other way of betting only what is needed, measured against it: when
 * an outcome of the coming second could reach 1/α, every factor λ becomes 1 − γ + γ·λ (a mix of the
 * full bet with no bet), with the least γ that still fails on the least failing outcome. Tilting
 * the ratios instead (Conveyor's) loses less when a second brings several events.
 */
final class ScaledMixture extends PassAtMin {
  private final double[] ratios = {10, 2};
  private final double[] logWealth = {Math.log(0.9), Math.log(0.1)};
  private final double failAt = Math.log(100);

  @Override
  boolean fails(double share, long candidate, long baseline) {
    long total = candidate + baseline;
    if (failed() || !(share > 0 && share < 1) || total == 0) {
      return false;
    }
    double[] up = new double[2];
    double[] down = new double[2];
    for (int i = 0; i < 2; i++) {
      double alternative = SplitSprt.alternativeShare(ratios[i], share);
      up[i] = Math.log(alternative / share);
      down[i] = Math.log((1 - alternative) / (1 - share));
    }
    double gamma = 1;
    if (after(total, up, down, total) >= failAt) {
      long least = 0;
      long most = total;
      while (least < most) {
        long mid = (least + most) >>> 1;
        if (after(mid, up, down, total) >= failAt) {
          most = mid;
        } else {
          least = mid + 1;
        }
      }
      double now = Math.exp(wealth() - failAt);
      double then = Math.exp(after(least, up, down, total) - failAt);
      gamma = Math.min(1, (1 - now) / (then - now));
    }
    for (int i = 0; i < 2; i++) {
      double ell = candidate * up[i] + (total - candidate) * down[i];
      logWealth[i] +=
          gamma == 1
              ? ell
              : ell >= 0
                  ? ell + Math.log(gamma + (1 - gamma) * Math.exp(-ell))
                  : Math.log1p(gamma * Math.expm1(ell));
    }
    return wealth() >= failAt - 1e-9;
  }

  private double after(long candidate, double[] up, double[] down, long total) {
    return logSum(
        logWealth[0] + candidate * up[0] + (total - candidate) * down[0],
        logWealth[1] + candidate * up[1] + (total - candidate) * down[1]);
  }

  private double wealth() {
    return logSum(logWealth[0], logWealth[1]);
  }

  private static double logSum(double a, double b) {
    double max = Math.max(a, b);
    return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
  }
}
