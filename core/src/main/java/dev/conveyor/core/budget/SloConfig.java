package dev.conveyor.core.budget;

import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.fleet.ServiceName;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The services' objectives, the budget policy, and where alerts go, read from YAML ({@link
 * SloConfigReader} documents the format).
 *
 * @param webhooks the URLs each budget alert is posted to
 */
public record SloConfig(
    Map<ServiceName, SloSpec> services, BudgetPolicy policy, java.util.List<URI> webhooks) {
  public static final SloConfig NONE =
      new SloConfig(Map.of(), BudgetPolicy.DEFAULT, java.util.List.of());

  public SloConfig {
    services = java.util.Collections.unmodifiableMap(new TreeMap<>(services));
    webhooks = java.util.List.copyOf(webhooks);
  }

  /** Every latency the objectives name (limits and thresholds): what the recorder must count. */
  public java.util.Set<java.time.Duration> latencyThresholds() {
    java.util.Set<java.time.Duration> all = new java.util.TreeSet<>();
    for (SloSpec spec : services.values()) {
      for (Objective o : spec.objectives()) {
        o.latency().ifPresent(all::add);
      }
    }
    return all;
  }

  /** How far back a burn-down chart may reach: a window before its first point is kept too. */
  public static final java.time.Duration BURN_DOWN_SPAN = java.time.Duration.ofDays(7);

  /**
   * How long minutes are kept: the longest window, at least the 3 days of the slowest burn-rate
   * alert, plus the burn-down chart's {@link #BURN_DOWN_SPAN}.
   */
  public java.time.Duration retention() {
    java.time.Duration longest = java.time.Duration.ofDays(3);
    for (SloSpec spec : services.values()) {
      if (spec.window().compareTo(longest) > 0) {
        longest = spec.window();
      }
    }
    return longest.plus(BURN_DOWN_SPAN);
  }

  public Optional<SloSpec> service(ServiceName service) {
    return Optional.ofNullable(services.get(service));
  }

  /** Reads a whole file strictly: every error names the file, the line and the key. */
  public static SloConfig parse(String yaml, String fileName) {
    ConfigReader root = ConfigReader.parse(yaml, fileName);
    SloConfig config = SloConfigReader.read(root);
    root.done();
    return config;
  }
}
