package dev.conveyor.core.fleet;

import java.util.List;

/** The name of a stage of the pipeline, e.g. {@code production}. */
public record EnvironmentName(String value) implements Comparable<EnvironmentName> {
  public static final EnvironmentName DEV = new EnvironmentName("dev");
  public static final EnvironmentName STAGING = new EnvironmentName("staging");
  public static final EnvironmentName PRODUCTION = new EnvironmentName("production");

  /** The default pipeline, in order. */
  public static final List<EnvironmentName> DEFAULTS = List.of(DEV, STAGING, PRODUCTION);

  public EnvironmentName {
    Names.checkLabel("environment name", value);
  }

  public static EnvironmentName of(String value) {
    return new EnvironmentName(value);
  }

  @Override
  public int compareTo(EnvironmentName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
