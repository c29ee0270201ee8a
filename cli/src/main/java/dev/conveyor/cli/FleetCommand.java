package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code conveyor fleet}: where clients reach a fleet through the router. */
@Command(
    name = "fleet",
    description = "Fleets: the instances of one service in one environment.",
    mixinStandardHelpOptions = true,
    subcommands = {FleetCommand.Expose.class, CaptureCommand.class})
public final class FleetCommand {

  /** {@code conveyor fleet expose SERVICE --env ENV [--port P]}. */
  @Command(
      name = "expose",
      description = "Serve the fleet through the router on a port (0 or none: any free port).",
      mixinStandardHelpOptions = true)
  public static final class Expose implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Mixin FleetOptions fleet;

    @Option(
        names = "--port",
        paramLabel = "PORT",
        defaultValue = "0",
        description = "Router port (default: any free port).")
    int port;

    @Override
    public Integer call() {
      JsonNode answer = options.client().put(fleet.path("exposure"), Map.of("port", port));
      if (!options.printedJson(answer)) {
        options
            .out()
            .println("fleet " + fleet + " is served on router port " + answer.get("port").asInt());
        options.out().flush();
      }
      return ExitCode.OK;
    }
  }
}
