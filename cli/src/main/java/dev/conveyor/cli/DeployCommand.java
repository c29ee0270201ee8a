package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code conveyor deploy}: apply a strategy's plan (or a plan file), and with --watch follow it.
 */
@Command(
    name = "deploy",
    description = "Deploy an artifact to a fleet by a strategy, or apply a plan file.",
    mixinStandardHelpOptions = true)
public final class DeployCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Mixin PlanOptions plan;

  @Option(
      names = "--fix",
      paramLabel = "REASON",
      description =
          "Start it even if the error-budget policy refuses new deployments: an operator's fix,"
              + " recorded with this reason.")
  String fix;

  @Option(
      names = "--watch",
      description = "Follow the deployment live; exit 1 if it did not succeed.")
  boolean watch;

  @Override
  public Integer call() throws InterruptedException {
    java.util.Map<String, Object> body = plan.body();
    if (fix != null) {
      body.put("fix", fix);
    }
    JsonNode started = options.client().post("/api/deployments", body);
    String id = started.get("id").asText();
    if (!watch) {
      if (!options.printedJson(started)) {
        options
            .out()
            .println(
                "deployment "
                    + id
                    + " started: "
                    + started.get("steps").asInt()
                    + " steps; follow it with 'conveyor deployment show "
                    + id
                    + "' or deploy --watch");
        options.out().flush();
      }
      return ExitCode.OK;
    }
    JsonNode end =
        new DeploymentWatch(options.client(), options.out(), System.console() != null, 500)
            .follow(id);
    return end.get("status").asText().equals("succeeded") ? ExitCode.OK : ExitCode.NEGATIVE;
  }
}
