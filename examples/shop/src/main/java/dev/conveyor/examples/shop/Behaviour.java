package dev.conveyor.examples.shop;

/**
 * The shop's chance, fixed by its seed: how long the n-th business request waits and whether the
 * n-th checkout fails. Each draw is a pure function of (seed, stream, n), so the same seed gives
 * the same behaviour however requests interleave across threads.
 */
final class Behaviour {
  private static final long LATENCY_JITTER = 1;
  private static final long LATENCY_SLOW = 2;
  private static final long CHECKOUT_FAILURE = 3;

  private final ShopConfig config;

  Behaviour(ShopConfig config) {
    this.config = config;
  }

  /** How long the {@code request}-th request to /products or /checkout waits, in nanoseconds. */
  long latencyNanos(long request) {
    double millis =
        config.latencyBaseMs() + config.latencyJitterMs() * uniform(LATENCY_JITTER, request);
    if (uniform(LATENCY_SLOW, request) < config.latencySlowFraction()) {
      millis += config.latencySlowMs();
    }
    return Math.round(millis * 1_000_000);
  }

  /** Whether the {@code checkout}-th well-formed checkout is answered with a 500. */
  boolean checkoutFails(long checkout) {
    return uniform(CHECKOUT_FAILURE, checkout) < config.checkoutFailureRate();
  }

  /** A uniform draw in [0, 1) for this seed, stream and index (SplitMix64's finaliser). */
  private double uniform(long stream, long index) {
    long z = mix(config.seed() * 0x9E3779B97F4A7C15L + stream) + index * 0xBF58476D1CE4E5B9L;
    return (mix(z) >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64's output function (Steele, Lea and Flood, OOPSLA 2014): a 64-bit mixer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
