package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conveyor instance}: the primitive by hand. Launch one instance; change one instance's
 * activation state. Deployments (plans) are made of exactly these changes.
 */
@Command(
    name = "instance",
    description = "Launch one instance, or change one instance's activation state.",
    mixinStandardHelpOptions = true,
    subcommands = {
      InstanceCommand.Launch.class,
      InstanceCommand.Show.class,
      InstanceCommand.Activate.class,
      InstanceCommand.Standby.class,
      InstanceCommand.Shadow.class,
      InstanceCommand.Deactivate.class
    })
public final class InstanceCommand {

  static void print(ClientOptions options, JsonNode instance) {
    if (!options.printedJson(instance)) {
      options.out().println(line(instance));
      options.out().flush();
    }
  }

  /** One instance on one line: its id, state, version and endpoint. */
  static String line(JsonNode instance) {
    boolean active = instance.get("state").asText().equals("active");
    return instance.get("id").asText()
        + "  "
        + instance.get("state").asText()
        + (active
            ? " with weight "
                + instance.get("weight").asInt()
                + " ("
                + Formats.percent(instance.get("share").asDouble())
                + " of traffic)"
            : "")
        + "  version "
        + instance.get("version").asText()
        + "  at "
        + Formats.text(instance, "endpoint");
  }

  /** {@code conveyor instance launch SERVICE ARTIFACT [--env ENV]}. */
  @Command(
      name = "launch",
      description = "Start one new instance of an artifact, in standby.",
      mixinStandardHelpOptions = true)
  public static final class Launch implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Mixin FleetOptions fleet;

    @Parameters(
        index = "1",
        paramLabel = "ARTIFACT",
        description = "sha256:<digest>, or 4+ leading hex digits of it.")
    String artifact;

    @Override
    public Integer call() {
      print(options, options.client().post(fleet.path("instances"), Map.of("artifact", artifact)));
      return ExitCode.OK;
    }
  }

  /** {@code conveyor instance show ID}. */
  @Command(name = "show", description = "Show one instance.", mixinStandardHelpOptions = true)
  public static final class Show implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      print(options, options.client().get("/api/instances/" + id));
      return ExitCode.OK;
    }
  }

  /**
   * The shared shape of a change command: an instance, a reason, and the target state, which is the
   * subcommand's name but for activate and deactivate.
   */
  abstract static class Change extends Action {
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
    String reason;

    String to() {
      return switch (name()) {
        case "activate" -> "active";
        case "deactivate" -> "stopped";
        default -> name();
      };
    }

    Integer weight() {
      return null;
    }

    @Override
    String path() {
      return "/api/instances/" + id + "/changes";
    }

    @Override
    Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("to", to());
      if (weight() != null) {
        body.put("weight", weight());
      }
      if (reason != null) {
        body.put("reason", reason);
      }
      return body;
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println(to().equals("stopped") ? id + "  stopped" : line(answer));
    }
  }

  /** {@code conveyor instance activate ID --weight N}. */
  @Command(
      name = "activate",
      description = "Give an instance client traffic, or change its weight.")
  public static final class Activate extends Change {
    @Option(
        names = "--weight",
        paramLabel = "BP",
        required = true,
        description = "Traffic weight in basis points, 1 to 10000.")
    int weight;

    @Override
    Integer weight() {
      return weight;
    }
  }

  /** {@code conveyor instance standby ID}. */
  @Command(name = "standby", description = "Keep an instance running with no traffic.")
  public static final class Standby extends Change {}

  /** {@code conveyor instance shadow ID}. */
  @Command(
      name = "shadow",
      description = "Send an instance mirrored traffic; its answers are compared, never returned.")
  public static final class Shadow extends Change {}

  /** {@code conveyor instance deactivate ID}. */
  @Command(name = "deactivate", description = "Drain an instance, then stop it.")
  public static final class Deactivate extends Change {}
}
