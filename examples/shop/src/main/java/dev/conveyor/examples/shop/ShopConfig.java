package dev.conveyor.examples.shop;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * How one version of the shop behaves, read from its packaged {@code shop.properties}.
 *
 * <pre>{@code
 * version=v2                    # required: what the shop reports in X-Shop-Version and its JSON
 * checkout.failure.rate=0.05    # share of POST /checkout answered 500 (0 to 1, default 0)
 * latency.base.ms=2             # every /products and /checkout request waits this long (default 0)
 * latency.jitter.ms=2           # plus up to this much more, uniformly (default 0)
 * latency.slow.fraction=0.02    # and this share of requests (0 to 1, default 0)
 * latency.slow.ms=4             # waits this much longer again (default 0)
 * seed=1                        # the same seed gives the same failures and latencies (default 1)
 * shutdown.timeout.ms=5000      # how long SIGTERM waits for requests in flight (default 5000)
 * }</pre>
 *
 * <p>Unknown keys are errors, so that a typo cannot silently give a version the default behaviour.
 *
 * @param latencyBaseMs milliseconds every business request waits
 * @param latencyJitterMs at most this many milliseconds more, uniformly distributed
 * @param latencySlowFraction the share of business requests that wait {@code latencySlowMs} more
 * @param shutdownTimeoutMs how long a graceful stop waits for requests in flight
 */
public record ShopConfig(
    String version,
    double checkoutFailureRate,
    double latencyBaseMs,
    double latencyJitterMs,
    double latencySlowFraction,
    double latencySlowMs,
    long seed,
    long shutdownTimeoutMs) {

  /** The file name the shop reads when neither {@code --config} nor SHOP_CONFIG names one. */
  public static final String DEFAULT_FILE = "shop.properties";

  private static final List<String> KEYS =
      List.of(
          "version",
          "checkout.failure.rate",
          "latency.base.ms",
          "latency.jitter.ms",
          "latency.slow.fraction",
          "latency.slow.ms",
          "seed",
          "shutdown.timeout.ms");

  /** Longest accepted latency setting: a minute is already far beyond any example's need. */
  private static final double MAX_LATENCY_MS = 60_000;

  public ShopConfig {
    if (version == null || version.isBlank() || version.chars().anyMatch(Character::isWhitespace)) {
      throw new ShopConfigException(
          "'version' must be a word without whitespace, such as v1, got " + quoted(version));
    }
    share("checkout.failure.rate", checkoutFailureRate);
    millis("latency.base.ms", latencyBaseMs);
    millis("latency.jitter.ms", latencyJitterMs);
    share("latency.slow.fraction", latencySlowFraction);
    millis("latency.slow.ms", latencySlowMs);
    if (shutdownTimeoutMs < 0 || shutdownTimeoutMs > MAX_LATENCY_MS) {
      throw new ShopConfigException(
          "'shutdown.timeout.ms' must be from 0 to 60000 milliseconds, got " + shutdownTimeoutMs);
    }
  }

  /** A version that answers at once and never fails: what tests start from. */
  public static ShopConfig instant(String version) {
    return new ShopConfig(version, 0, 0, 0, 0, 0, 1, 5_000);
  }

  public ShopConfig withCheckoutFailureRate(double rate) {
    return new ShopConfig(
        version,
        rate,
        latencyBaseMs,
        latencyJitterMs,
        latencySlowFraction,
        latencySlowMs,
        seed,
        shutdownTimeoutMs);
  }

  public ShopConfig withLatency(
      double baseMs, double jitterMs, double slowFraction, double slowMs) {
    return new ShopConfig(
        version,
        checkoutFailureRate,
        baseMs,
        jitterMs,
        slowFraction,
        slowMs,
        seed,
        shutdownTimeoutMs);
  }

  public ShopConfig withSeed(long newSeed) {
    return new ShopConfig(
        version,
        checkoutFailureRate,
        latencyBaseMs,
        latencyJitterMs,
        latencySlowFraction,
        latencySlowMs,
        newSeed,
        shutdownTimeoutMs);
  }

  /**
   * Reads a {@code shop.properties} file.
   *
   * @throws ShopConfigException naming the file and the first problem in it
   */
  public static ShopConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ShopConfigException(
          "config file "
              + file
              + " does not exist: pass --config FILE, set SHOP_CONFIG, or run where "
              + DEFAULT_FILE
              + " is");
    } catch (IOException e) {
      throw new ShopConfigException("cannot read config file " + file + ": " + e, e);
    }
    try {
      return parse(text);
    } catch (ShopConfigException e) {
      throw new ShopConfigException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses the text of a {@code shop.properties} file. */
  public static ShopConfig parse(String text) {
    Properties properties = new Properties();
    try (Reader reader = new StringReader(text)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ShopConfigException("not a properties file: " + e.getMessage(), e);
    }
    Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
    KEYS.forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      throw new ShopConfigException(
          "unknown key '"
              + unknown.iterator().next()
              + "': the keys are "
              + String.join(", ", KEYS));
    }
    String version = properties.getProperty("version");
    if (version == null) {
      throw new ShopConfigException("missing key 'version': add a line such as version=v1");
    }
    return new ShopConfig(
        version.strip(),
        number(properties, "checkout.failure.rate", 0),
        number(properties, "latency.base.ms", 0),
        number(properties, "latency.jitter.ms", 0),
        number(properties, "latency.slow.fraction", 0),
        number(properties, "latency.slow.ms", 0),
        whole(properties, "seed", 1),
        whole(properties, "shutdown.timeout.ms", 5_000));
  }

  private static double number(Properties properties, String key, double fallback) {
    String value = properties.getProperty(key);
    if (value == null) {
      return fallback;
    }
    try {
      double number = Double.parseDouble(value.strip());
      if (Double.isFinite(number)) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ShopConfigException("'" + key + "' must be a number, got " + quoted(value));
  }

  private static long whole(Properties properties, String key, long fallback) {
    String value = properties.getProperty(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new ShopConfigException("'" + key + "' must be a whole number, got " + quoted(value));
    }
  }

  private static void share(String key, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new ShopConfigException(
          "'" + key + "' must be a share from 0 to 1, got " + format(value));
    }
  }

  private static void millis(String key, double value) {
    if (!(value >= 0 && value <= MAX_LATENCY_MS)) {
      throw new ShopConfigException(
          "'" + key + "' must be from 0 to 60000 milliseconds, got " + format(value));
    }
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }

  private static String quoted(String value) {
    return value == null ? "nothing" : "'" + value + "'";
  }
}
