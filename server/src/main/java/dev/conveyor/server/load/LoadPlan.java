package dev.conveyor.server.load;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.Preconditions;
import java.net.URI;
import java.time.Duration;

/**
 * What a load run sends: requests from {@code mix} to {@code target} at a constant rate for a
 * duration, open loop, with at most {@code maxInFlight} waiting for a response at once.
 *
 * @param target the base URL; each template's path is appended to it
 * @param ratePerSecond requests per second, spaced evenly
 * @param maxInFlight the cap on requests awaiting a response (and so on connections, one request
 *     per HTTP/1.1 connection at a time); requests due while it is full wait, and count as late
 * @param timeout how long a sent request may take to be answered (connecting included) before it is
 *     a {@link TransportFailure#TIMEOUT}; and how long past its intended time a request may wait
 *     for an in-flight slot before it is an {@link TransportFailure#IN_FLIGHT_CAP} failure
 * @param warmup how long to send the same load first, unmeasured, so that the generator's JVM has
 *     compiled its sending path (cold, it adds tens of milliseconds to the first second's tail)
 */
public record LoadPlan(
    URI target,
    double ratePerSecond,
    Duration duration,
    Mix mix,
    int maxInFlight,
    Duration timeout,
    Duration warmup) {

  public static final int DEFAULT_MAX_IN_FLIGHT = 256;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The fastest rate accepted; far beyond what one process sends, so only a typo reaches it. */
  public static final double MAX_RATE = 1_000_000;

  /** The largest in-flight cap; each request in flight may hold a connection. */
  public static final int MAX_IN_FLIGHT = 65_536;

  public LoadPlan {
    Preconditions.present(target, "load target");
    Preconditions.present(duration, "load duration");
    Preconditions.present(mix, "load mix");
    Preconditions.present(timeout, "load timeout");
    Preconditions.present(warmup, "load warm-up");
    checkTarget(target);
    Preconditions.check(
        ratePerSecond > 0 && ratePerSecond <= MAX_RATE,
        "the load rate must be from more than 0 to %s requests per second, got %s",
        (long) MAX_RATE,
        ratePerSecond);
    Preconditions.check(
        duration.isPositive(), "the load duration must be positive, got %s", duration);
    Preconditions.check(
        maxInFlight >= 1 && maxInFlight <= MAX_IN_FLIGHT,
        "the in-flight cap must be from 1 to %s, got %s",
        MAX_IN_FLIGHT,
        maxInFlight);
    Preconditions.check(timeout.isPositive(), "the load timeout must be positive, got %s", timeout);
    Preconditions.check(
        !warmup.isNegative(), "the load warm-up must not be negative, got %s", warmup);
  }

  /** A plan with the default in-flight cap and timeout, and no warm-up. */
  public static LoadPlan of(URI target, double ratePerSecond, Duration duration, Mix mix) {
    return new LoadPlan(
        target,
        ratePerSecond,
        duration,
        mix,
        DEFAULT_MAX_IN_FLIGHT,
        DEFAULT_TIMEOUT,
        Duration.ZERO);
  }

  public LoadPlan withMaxInFlight(int cap) {
    return new LoadPlan(target, ratePerSecond, duration, mix, cap, timeout, warmup);
  }

  public LoadPlan withTimeout(Duration newTimeout) {
    return new LoadPlan(target, ratePerSecond, duration, mix, maxInFlight, newTimeout, warmup);
  }

  public LoadPlan withWarmup(Duration newWarmup) {
    return new LoadPlan(target, ratePerSecond, duration, mix, maxInFlight, timeout, newWarmup);
  }

  /** The warm-up as a plan of its own: the same load for the warm-up's duration. */
  LoadPlan warmupPlan() {
    return new LoadPlan(target, ratePerSecond, warmup, mix, maxInFlight, timeout, Duration.ZERO);
  }

  /** How many requests the plan sends: rate times duration, rounded down, at least one. */
  public long requests() {
    return Math.max(1, (long) Math.floor(ratePerSecond * duration.toNanos() / 1e9));
  }

  /** When the {@code i}-th request (from 0) is due, in nanoseconds after the start. */
  long intendedOffsetNanos(long i) {
    return (long) (i * 1e9 / ratePerSecond);
  }

  /** The URL a template's request goes to: the target with the path appended. */
  URI url(RequestTemplate template) {
    String base = target.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    try {
      return URI.create(base + template.path());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "the path '"
              + template.path()
              + "' does not make a URL with "
              + target
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static void checkTarget(URI target) {
    // Plain HTTP only: the generator writes HTTP/1.1 on sockets itself (see Http1Connection).
    if (!"http".equals(target.getScheme())
        || target.getHost() == null
        || target.getRawQuery() != null
        || target.getRawFragment() != null) {
      throw new InvalidInputException(
          "the load target '"
              + target
              + "' must be an http:// URL with a host and no query, such as http://127.0.0.1:8080");
    }
  }
}
