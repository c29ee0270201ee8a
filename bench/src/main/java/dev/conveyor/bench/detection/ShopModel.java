package dev.conveyor.bench.detection;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One shop version's behaviour as its {@code shop.properties} models it (examples/shop/README.md):
 * a request waits {@code base + jitter × U(0,1)} ms, plus {@code slow} ms for a {@code
 * slowFraction} of requests; {@code checkoutFailures} of checkouts answer 500. The latency the
 * router measures adds its own overhead, which this model leaves out.
 */
record ShopModel(
    String version,
    double checkoutFailures,
    double baseMs,
    double jitterMs,
    double slowFraction,
    double slowMs) {

  static ShopModel read(Path artifact) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(artifact.resolve("shop.properties"))) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ShopModel(
        p.getProperty("version").strip(),
        number(p, "checkout.failure.rate"),
        number(p, "latency.base.ms"),
        number(p, "latency.jitter.ms"),
        number(p, "latency.slow.fraction"),
        number(p, "latency.slow.ms"));
  }

  private static double number(Properties p, String key) {
    String value = p.getProperty(key);
    return value == null ? 0 : Double.parseDouble(value.strip());
  }

  /** The share of requests slower than {@code ms}. */
  double slowerThan(double ms) {
    return (1 - slowFraction) * above(baseMs, ms) + slowFraction * above(baseMs + slowMs, ms);
  }

  /** P(from + jitter × U > ms). */
  private double above(double from, double ms) {
    if (jitterMs == 0) {
      return ms < from ? 1 : 0;
    }
    return Math.min(1, Math.max(0, (from + jitterMs - ms) / jitterMs));
  }

  /** The latency under which {@code quantile} of requests complete, by bisection. */
  double quantileMs(double quantile) {
    double low = 0;
    double high = baseMs + slowMs + jitterMs + 1;
    for (int i = 0; i < 60; i++) {
      double mid = (low + high) / 2;
      if (slowerThan(mid) > 1 - quantile) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return high;
  }
}
