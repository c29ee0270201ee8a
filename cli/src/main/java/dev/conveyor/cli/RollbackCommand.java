package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      required = true,
      description = "Why, for the history.")
  String reason;

  // After the required --reason, so that a bare 'rollback' names both missing pieces at once.
  @Mixin FleetOptions fleet;

  @Option(names = "--watch", description = "Follow the rollback live.")
  boolean watch;

  @Override
  public Integer call() throws InterruptedException {
    JsonNode d = options.client().post(fleet.path("rollback"), Map.of("reason", reason));
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
