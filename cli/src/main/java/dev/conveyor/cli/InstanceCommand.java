package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
    if (options.printedJson(instance)) {
      return;
    }
    boolean active = instance.get("state").asText().equals("active");
    options
        .out()
        .println(
            instance.get("id").asText()
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
                + Formats.text(instance, "endpoint"));
    options.out().flush();
  }

  /** {@code conveyor instance launch SERVICE ARTIFACT [--env ENV]}. */
  @Command(
      name = "launch",
      description = "Start one new instance of an artifact, in standby.",
      mixinStandardHelpOptions = true)
  public static final class Launch implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(
        index = "1",
        paramLabel = "ARTIFACT",
        description = "sha256:<digest>, or 4+ leading hex digits of it.")
    String artifact;

    @Option(
        names = "--env",
        paramLabel = "ENV",
        defaultValue = "production",
        description = "Environment (default: ${DEFAULT-VALUE}).")
    String environment;

    @Override
    public Integer call() {
      print(
          options,
          options
              .client()
              .post(
                  "/api/fleets/" + service + "/" + environment + "/instances",
                  Map.of("artifact", artifact)));
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

  /** The shared shape of a change command: an instance, a reason, a target state. */
  abstract static class Change implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
    String reason;

    abstract String to();

    Integer weight() {
      return null;
    }

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("to", to());
      if (weight() != null) {
        body.put("weight", weight());
      }
      if (reason != null) {
        body.put("reason", reason);
      }
      JsonNode answer = options.client().post("/api/instances/" + id + "/changes", body);
      if (to().equals("stopped")) {
        if (!options.printedJson(answer)) {
          options.out().println(id + "  stopped");
          options.out().flush();
        }
      } else {
        print(options, answer);
      }
      return ExitCode.OK;
    }
  }

  /** {@code conveyor instance activate ID --weight N}. */
  @Command(
      name = "activate",
      description = "Give an instance client traffic, or change its weight.",
      mixinStandardHelpOptions = true)
  public static final class Activate extends Change {
    @Option(
        names = "--weight",
        paramLabel = "BP",
        required = true,
        description = "Traffic weight in basis points, 1 to 10000.")
    int weight;

    @Override
    String to() {
      return "active";
    }

    @Override
    Integer weight() {
      return weight;
    }
  }

  /** {@code conveyor instance standby ID}. */
  @Command(
      name = "standby",
      description = "Keep an instance running with no traffic.",
      mixinStandardHelpOptions = true)
  public static final class Standby extends Change {
    @Override
    String to() {
      return "standby";
    }
  }

  /** {@code conveyor instance shadow ID}. */
  @Command(
      name = "shadow",
      description = "Send an instance mirrored traffic; its answers are compared, never returned.",
      mixinStandardHelpOptions = true)
  public static final class Shadow extends Change {
    @Override
    String to() {
      return "shadow";
    }
  }

  /** {@code conveyor instance deactivate ID}. */
  @Command(
      name = "deactivate",
      description = "Drain an instance, then stop it.",
      mixinStandardHelpOptions = true)
  public static final class Deactivate extends Change {
    @Override
    String to() {
      return "stopped";
    }
  }
}
