package dev.conveyor.core.fleet;

/** The name of a microservice, e.g. {@code checkout}. */
public record ServiceName(String value) implements Comparable<ServiceName> {
  public ServiceName {
    Names.checkLabel("service name", value);
  }

  public static ServiceName of(String value) {
    return new ServiceName(value);
  }

  @Override
  public int compareTo(ServiceName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
