package dev.conveyor.core.budget;

import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.fleet.ServiceName;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The services' objectives and the budget policy, read from YAML ({@link SloConfigReader} documents
 * the format).
 */
public record SloConfig(Map<ServiceName, SloSpec> services, BudgetPolicy policy) {
  public static final SloConfig NONE = new SloConfig(Map.of(), BudgetPolicy.DEFAULT);

  public SloConfig {
    services = java.util.Collections.unmodifiableMap(new TreeMap<>(services));
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
