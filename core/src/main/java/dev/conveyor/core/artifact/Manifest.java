package dev.conveyor.core.artifact;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.ServiceName;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to run an artifact, from the {@code conveyor.yaml} at the root of its package: the service
 * and version it is, the command (an argument list, never a shell string), its environment, the
 * variable that carries its port, its readiness check and how long it may take to drain.
 *
 * @param portVariable the environment variable through which the instance learns its port; {@code
 *     PORT} is always set as well
 */
public record Manifest(
    ServiceName service,
    String version,
    List<String> command,
    Map<String, String> env,
    String portVariable,
    String readinessPath,
    Duration readinessTimeout,
    Duration drainTimeout,
    Provenance provenance) {

  /** The file name of the manifest inside an artifact's package. */
  public static final String FILE_NAME = "conveyor.yaml";

  public static final String DEFAULT_PORT_VARIABLE = "PORT";
  public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

  public Manifest {
    Preconditions.present(service, "service");
    Preconditions.present(version, "version");
    Preconditions.present(command, "command");
    Preconditions.check(!command.isEmpty(), "command must have at least one argument");
    command = List.copyOf(command);
    env = Collections.unmodifiableMap(new TreeMap<>(env));
    Preconditions.present(portVariable, "port variable");
    Preconditions.present(readinessPath, "readiness path");
    Preconditions.check(
        readinessPath.startsWith("/"),
        "readiness path must start with '/', got '%s'",
        readinessPath);
    Preconditions.check(
        readinessTimeout.isPositive(),
        "readiness timeout must be positive, got %s",
        readinessTimeout);
    Preconditions.check(
        !drainTimeout.isNegative(), "drain timeout must not be negative, got %s", drainTimeout);
    Preconditions.present(provenance, "provenance");
  }
}
