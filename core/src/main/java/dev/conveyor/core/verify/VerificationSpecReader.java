package dev.conveyor.core.verify;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.config.ConfigException;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.config.Snippet;
import dev.conveyor.core.config.YamlMapping;
import dev.conveyor.core.config.YamlNode;
import dev.conveyor.core.config.YamlScalar;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.function.Function;

/**
 * Reads a {@code verify:} block strictly into a {@link VerificationSpec}; see there for the keys.
 */
final class VerificationSpecReader {
  private static final String OFF = "off";

  private VerificationSpecReader() {}

  static VerificationSpec read(ConfigReader verify) {
    verify.allowOnly(
        "minDuration",
        "maxDuration",
        "minRequests",
        "onInconclusive",
        "errors",
        "latency",
        "flows",
        "limits");
    Duration minDuration =
        duration(verify, "minDuration", VerificationSpec.DEFAULT_MIN_DURATION, false);
    Duration maxDuration =
        duration(verify, "maxDuration", VerificationSpec.DEFAULT_MAX_DURATION, true);
    if (maxDuration.compareTo(minDuration) < 0) {
      throw verify.error(
          verify.lineOf("maxDuration"),
          "'"
              + verify.path("maxDuration")
              + "' ("
              + verify.optionalString("maxDuration").orElse(Format.duration(maxDuration))
              + ") must be at least '"
              + verify.path("minDuration")
              + "' ("
              + verify.optionalString("minDuration").orElse(Format.duration(minDuration))
              + "); raise maxDuration or lower minDuration");
    }
    long minRequests = verify.longInteger("minRequests", VerificationSpec.DEFAULT_MIN_REQUESTS);
    if (minRequests < 0) {
      throw verify.invalid("minRequests", "a count of 0 or more, such as 200");
    }
    OnInconclusive onInconclusive = onInconclusive(verify);
    Optional<Comparison> errors =
        block(verify, "errors", Comparison.ERRORS, VerificationSpecReader::errors);
    Optional<LatencyComparison> latency =
        block(verify, "latency", LatencyComparison.DEFAULT, VerificationSpecReader::latency);
    Optional<FlowComparison> flows =
        block(verify, "flows", FlowComparison.DEFAULT, VerificationSpecReader::flows);
    Limits limits =
        verify.optionalChild("limits").map(VerificationSpecReader::limits).orElse(Limits.NONE);
    try {
      return new VerificationSpec(
          minDuration, maxDuration, minRequests, onInconclusive, errors, latency, flows, limits);
    } catch (InvalidInputException e) {
      // The checks above leave the records nothing to refuse; if they do, still say where.
      throw new ConfigException(verify.fileName(), verify.line(), e.getMessage(), e);
    }
  }

  /**
   * A comparison block: {@code defaults} when absent or empty, nothing when {@code off}, else what
   * {@code read} makes of its mapping.
   */
  private static <T> Optional<T> block(
      ConfigReader verify, String key, T defaults, Function<ConfigReader, T> read) {
    Optional<YamlNode> node = verify.optionalNode(key);
    if (node.isEmpty() || node.get() instanceof YamlScalar s && s.isNull()) {
      return Optional.of(defaults);
    }
    if (node.get() instanceof YamlScalar scalar) {
      if (scalar.value().equals(OFF) && !scalar.quoted()) {
        return Optional.empty();
      }
      throw verify.error(
          scalar.line(),
          "'"
              + verify.path(key)
              + "' must be a mapping of settings, or off, got "
              + Snippet.quoted(scalar.value()));
    }
    return Optional.of(read.apply(verify.child(key)));
  }

  private static Comparison errors(ConfigReader errors) {
    errors.allowOnly("alpha", "beta", "minRegression", "detect", "negligible");
    return comparison(errors, Comparison.ERRORS);
  }

  private static LatencyComparison latency(ConfigReader latency) {
    latency.allowOnly(
        "quantile", "alpha", "beta", "minRegression", "detect", "negligible", "warmup");
    double quantile =
        fraction(latency, "quantile", LatencyComparison.DEFAULT.quantile(), "a quantile", "0.99");
    java.time.Duration warmup =
        latency.optionalDuration("warmup").orElse(LatencyComparison.DEFAULT_WARMUP);
    return new LatencyComparison(quantile, comparison(latency, Comparison.LATENCY), warmup);
  }

  private static Comparison comparison(ConfigReader block, Comparison defaults) {
    double alpha = fraction(block, "alpha", defaults.alpha(), "a probability", "0.01");
    double beta = fraction(block, "beta", defaults.beta(), "a probability", "0.05");
    double minRegression =
        number(
            block,
            "minRegression",
            defaults.minRegression(),
            r -> r > 1,
            "a ratio above 1, such as 2 (twice the baseline's rate)");
    double detect =
        number(
            block,
            "detect",
            Math.max(defaults.detect(), minRegression),
            d -> d >= minRegression,
            "a ratio at least minRegression (" + Format.number(minRegression) + "), such as 10");
    double negligible =
        number(
            block,
            "negligible",
            defaults.negligible(),
            q -> q >= 0 && q < 1,
            "a ratio from 0 (none) up to but not including 1, such as 0.001");
    return new Comparison(alpha, beta, minRegression, detect, negligible);
  }

  private static FlowComparison flows(ConfigReader flows) {
    flows.allowOnly("alpha", "minRatio", "routes");
    double alpha =
        fraction(flows, "alpha", FlowComparison.DEFAULT.alpha(), "a probability", "0.01");
    double minRatio =
        fraction(
            flows,
            "minRatio",
            FlowComparison.DEFAULT.minRatio(),
            "a ratio",
            "0.5 (half the candidate's share)");
    List<String> routes = flows.optionalStringList("routes").orElse(List.of());
    Set<String> seen = new HashSet<>();
    for (String route : routes) {
      if (route.isBlank()) {
        throw flows.error(
            flows.lineOf("routes"),
            "'" + flows.path("routes") + "' must list routes such as 'POST /checkout', got ''");
      }
      if (!seen.add(route)) {
        throw flows.error(
            flows.lineOf("routes"),
            "'" + flows.path("routes") + "' lists " + Snippet.quoted(route) + " twice");
      }
    }
    return new FlowComparison(alpha, minRatio, routes);
  }

  private static Limits limits(ConfigReader limits) {
    limits.allowOnly("errorRatio", "p99", "flowPerSecond");
    double ratio =
        number(
            limits,
            "errorRatio",
            Double.NaN,
            r -> r > 0 && r <= 1,
            "an error ratio above 0 and at most 1, such as 0.05");
    OptionalDouble errorRatio =
        Double.isNaN(ratio) ? OptionalDouble.empty() : OptionalDouble.of(ratio);
    Optional<Duration> p99 = limits.optionalDuration("p99");
    if (p99.isPresent() && !p99.get().isPositive()) {
      throw limits.invalid("p99", "a positive duration, such as 800ms");
    }
    Map<String, Double> flowPerSecond = new LinkedHashMap<>();
    Optional<ConfigReader> flows = limits.optionalChild("flowPerSecond");
    if (flows.isPresent()
        && limits.optionalNode("flowPerSecond").orElseThrow() instanceof YamlMapping mapping) {
      for (YamlMapping.Entry entry : mapping.entries()) {
        String route = entry.key().value();
        flowPerSecond.put(
            route,
            number(
                flows.get(),
                route,
                Double.NaN,
                f -> f > 0,
                "a positive number of successes per second, such as 2"));
      }
    }
    return new Limits(errorRatio, p99, flowPerSecond);
  }

  private static OnInconclusive onInconclusive(ConfigReader verify) {
    Optional<String> text = verify.optionalString("onInconclusive");
    if (text.isEmpty()) {
      return VerificationSpec.DEFAULT_ON_INCONCLUSIVE;
    }
    for (OnInconclusive value : OnInconclusive.values()) {
      if (value.label().equals(text.get())) {
        return value;
      }
    }
    throw verify.invalid("onInconclusive", "fail or approve");
  }

  private static Duration duration(
      ConfigReader reader, String key, Duration defaultValue, boolean positive) {
    Duration value = reader.optionalDuration(key).orElse(defaultValue);
    if (positive && !value.isPositive()) {
      throw reader.invalid(key, "a positive duration, such as 30m");
    }
    return value;
  }

  private static double number(
      ConfigReader reader, String key, double defaultValue, DoublePredicate ok, String rule) {
    OptionalDouble value = reader.optionalNumber(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    if (!ok.test(value.getAsDouble())) {
      throw reader.invalid(key, rule);
    }
    return value.getAsDouble();
  }

  /**
   * A number strictly between 0 and 1, such as a probability or a quantile: {@code what} names it
   * in the rule, which ends with {@code example}.
   */
  private static double fraction(
      ConfigReader reader, String key, double defaultValue, String what, String example) {
    return number(
        reader,
        key,
        defaultValue,
        x -> x > 0 && x < 1,
        what + " between 0 and 1 (exclusive), such as " + example);
  }
}
