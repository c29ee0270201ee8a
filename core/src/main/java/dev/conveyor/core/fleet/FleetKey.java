package dev.conveyor.core.fleet;

import java.util.Comparator;

/** Identifies a fleet: the instances of one service in one environment. */
public record FleetKey(ServiceName service, EnvironmentName environment)
    implements Comparable<FleetKey> {
  private static final Comparator<FleetKey> ORDER =
      Comparator.comparing(FleetKey::service).thenComparing(FleetKey::environment);

  public FleetKey {
    if (service == null || environment == null) {
      throw new NullPointerException("service and environment are required");
    }
  }

  public static FleetKey of(String service, String environment) {
    return new FleetKey(ServiceName.of(service), EnvironmentName.of(environment));
  }

  @Override
  public int compareTo(FleetKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return service + "/" + environment;
  }
}
