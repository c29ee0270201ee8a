package dev.conveyor.core.deploy;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.Names;
import dev.conveyor.core.fleet.ServiceName;

/**
 * Names a deployment: its service and its number among that service's deployments, {@code shop-7}.
 */
public record DeploymentId(String value) implements Comparable<DeploymentId> {
  public DeploymentId {
    Preconditions.present(value, "deployment id");
    int dash = value.lastIndexOf('-');
    Preconditions.check(
        dash > 0
            && Names.isLabel(value.substring(0, dash))
            && value.substring(dash + 1).matches("[1-9][0-9]{0,9}"),
        "deployment id '%s' is not valid: expected <service>-<number>, e.g. shop-7",
        value);
  }

  public static DeploymentId of(String value) {
    return new DeploymentId(value);
  }

  public static DeploymentId of(ServiceName service, long number) {
    return new DeploymentId(service.value() + "-" + number);
  }

  public ServiceName service() {
    return ServiceName.of(value.substring(0, value.lastIndexOf('-')));
  }

  public long number() {
    return Long.parseLong(value.substring(value.lastIndexOf('-') + 1));
  }

  @Override
  public int compareTo(DeploymentId other) {
    int byService = service().compareTo(other.service());
    return byService != 0 ? byService : Long.compare(number(), other.number());
  }

  @Override
  public String toString() {
    return value;
  }
}
