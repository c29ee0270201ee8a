package dev.conveyor.core.instance;

import dev.conveyor.core.Preconditions;

/** Where an instance answers HTTP: a host (name or IP literal) and a port. */
public record Endpoint(String host, int port) {
  public Endpoint {
    Preconditions.present(host, "endpoint host");
    Preconditions.check(!host.isBlank(), "endpoint host must not be blank");
    Preconditions.check(
        port >= 1 && port <= 65_535, "endpoint port must be 1 to 65535, got %s", port);
  }

  public static Endpoint of(String host, int port) {
    return new Endpoint(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
