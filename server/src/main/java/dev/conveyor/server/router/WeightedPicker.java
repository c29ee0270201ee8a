package dev.conveyor.server.router;

import java.util.BitSet;

/**
 * Picks an index in proportion to fixed weights from a counter, deterministically: the n-th pick
 * maps the golden-ratio (Weyl) sequence {@code n·φ mod 1} onto the cumulative weights.
 *
 * <p>That sequence is equidistributed with discrepancy O(log n / n) (Weyl 1916; Kuipers &amp;
 * Niederreiter, "Uniform Distribution of Sequences", ch. 1 §2), so any run of n consecutive picks
 * gives each index its share to within a few picks: no randomness, no shared state, and nothing to
 * seed. Immutable and safe to share; callers keep their own counters.
 */
final class WeightedPicker {
  /** 2^64 / φ, the 64-bit golden-ratio increment (Knuth, TAOCP vol. 3, §6.4). */
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final int[] weights;
  private final long[] cumulative;
  private final long total;

  WeightedPicker(int[] weights) {
    this.weights = weights.clone();
    this.cumulative = new long[weights.length];
    long sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
    this.total = sum;
  }

  /** Whether any index has a weight above zero. */
  boolean isEmpty() {
    return total == 0;
  }

  /** The index for the {@code n}-th pick, or -1 when every weight is zero. */
  int pick(long n) {
    if (total == 0) {
      return -1;
    }
    long point = Math.unsignedMultiplyHigh(n * GOLDEN, total); // in [0, total)
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) { // the first index whose cumulative weight exceeds point
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > point) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  /**
   * The index for the {@code n}-th pick among those not in {@code excluded}, in proportion to their
   * weights; -1 when none with a weight is left.
   */
  int pick(long n, BitSet excluded) {
    long left = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!excluded.get(i)) {
        left += weights[i];
      }
    }
    if (left == 0) {
      return -1;
    }
    long point = Math.unsignedMultiplyHigh(n * GOLDEN, left);
    for (int i = 0; i < weights.length; i++) {
      if (excluded.get(i) || weights[i] == 0) {
        continue;
      }
      if (point < weights[i]) {
        return i;
      }
      point -= weights[i];
    }
    return -1; // unreachable: point < left
  }
}
