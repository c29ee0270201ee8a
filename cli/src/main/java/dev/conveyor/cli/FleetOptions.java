package dev.conveyor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A fleet on the command line, {@code SERVICE [--env ENV]}, and where its API answers. */
@Command
final class FleetOptions {
  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Option(
      names = "--env",
      paramLabel = "ENV",
      defaultValue = "production",
      description = "Environment (default: ${DEFAULT-VALUE}).")
  String environment;

  /** The fleet's endpoint {@code tail}, e.g. {@code /api/fleets/shop/production/rollback}. */
  String path(String tail) {
    return "/api/fleets/" + service + "/" + environment + "/" + tail;
  }

  /** {@code SERVICE/ENV}. */
  @Override
  public String toString() {
    return service + "/" + environment;
  }
}
