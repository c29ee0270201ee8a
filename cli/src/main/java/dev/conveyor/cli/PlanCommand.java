package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code conveyor plan}: what a deployment would do, without doing it. */
@Command(
    name = "plan",
    description =
        "Show a deployment's steps, expected duration and the candidate's largest traffic share; apply nothing.",
    mixinStandardHelpOptions = true,
    subcommands = PlanDiffCommand.class)
public final class PlanCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Mixin PlanOptions plan;

  @Option(
      names = "--save",
      paramLabel = "FILE",
      description = "Also write the plan as YAML, to edit or to diff.")
  Path save;

  @Override
  public Integer call() throws IOException {
    JsonNode answer = options.client().post("/api/plans", plan.body());
    if (save != null) {
      Files.writeString(save, answer.get("yaml").asText());
    }
    if (options.printedJson(answer)) {
      return ExitCode.OK;
    }
    print(answer, options.out());
    if (save != null) {
      options.out().println("saved to " + save);
      options.out().flush();
    }
    return ExitCode.OK;
  }

  static void print(JsonNode answer, PrintWriter out) {
    JsonNode steps = answer.get("steps");
    JsonNode shares = answer.get("shares");
    int width = 0;
    for (JsonNode step : steps) {
      width = Math.max(width, step.asText().length());
    }
    out.printf("%3s  %-" + width + "s  %s%n", "#", "STEP", "CANDIDATE'S SHARE AFTER");
    for (int i = 0; i < steps.size(); i++) {
      out.printf(
          "%3d  %-" + width + "s  %s%n",
          i + 1,
          steps.get(i).asText(),
          Formats.percent(shares.get(i).asDouble()));
    }
    out.println();
    out.println(
        steps.size()
            + " steps, "
            + answer.get("launches").asInt()
            + " launches; waits "
            + Formats.duration(answer.get("shortest").asText())
            + " to "
            + Formats.duration(answer.get("longest").asText())
            + " (verifications between their minimum and maximum), plus launch and drain times");
    out.println(
        "largest share of traffic the candidate gets: "
            + Formats.percent(answer.get("largestShare").asDouble()));
    out.flush();
  }
}
