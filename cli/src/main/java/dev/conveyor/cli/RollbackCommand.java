package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conveyor rollback SERVICE}: abort the fleet's running deployment, or undo its last
 * successful one; an ordinary plan of single-instance changes either way.
 */
@Command(
    name = "rollback",
    description =
        "Roll a fleet back: abort its running deployment, or undo its last successful one.",
    mixinStandardHelpOptions = true)
public final class RollbackCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "SERVICE")
  String service;

  @Option(
      names = "--env",
      paramLabel = "ENV",
      defaultValue = "production",
      description = "Environment (default: ${DEFAULT-VALUE}).")
  String environment;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      required = true,
      description = "Why, for the history.")
  String reason;

  @Option(names = "--watch", description = "Follow the rollback live.")
  boolean watch;

  @Override
  public Integer call() throws InterruptedException {
    JsonNode d =
        options
            .client()
            .post(
                "/api/fleets/" + service + "/" + environment + "/rollback",
                Map.of("reason", reason));
    String id = d.get("id").asText();
    if (watch) {
      JsonNode end =
          new DeploymentWatch(options.client(), options.out(), System.console() != null, 500)
              .follow(id);
      return end.get("status").asText().equals("failed") ? ExitCode.NEGATIVE : ExitCode.OK;
    }
    if (!options.printedJson(d)) {
      options
          .out()
          .println(
              id
                  + " "
                  + (d.get("kind").asText().equals("rollback")
                      ? "started: rolling back " + d.get("rollbackOf").asText()
                      : "aborted: rolling back"));
      options.out().flush();
    }
    return ExitCode.OK;
  }
}
