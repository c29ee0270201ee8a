package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code conveyor fleet capture start|show|stop SERVICE [--env ENV]}: the router keeps a sampled
 * set of the requests a fleet receives, in the replay-set form staging replays (docs/PIPELINE.md).
 */
@Command(
    name = "capture",
    description = "Capture a sample of a fleet's requests as a replay set for staging.",
    mixinStandardHelpOptions = true,
    subcommands = {
      CaptureCommand.Start.class,
      CaptureCommand.Show.class,
      CaptureCommand.Stop.class
    })
public final class CaptureCommand {

  /** {@code conveyor fleet capture start SERVICE [--env ENV] [--sample F] [--limit N]}. */
  @Command(
      name = "start",
      description = "Start capturing: a share of the requests, up to a limit.",
      mixinStandardHelpOptions = true)
  public static final class Start implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Mixin FleetOptions fleet;

    @Option(
        names = "--sample",
        paramLabel = "F",
        defaultValue = "0.1",
        description =
            "The share of requests kept, above 0 and at most 1 (default: ${DEFAULT-VALUE}).")
    double sample;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "200",
        description = "How many requests to keep at most, 1-10000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      JsonNode answer =
          options.client().post(fleet.path("capture"), Map.of("sample", sample, "limit", limit));
      if (!options.printedJson(answer)) {
        options
            .out()
            .println(
                "capturing "
                    + Formats.percent(sample)
                    + " of "
                    + fleet
                    + "'s requests, up to "
                    + limit
                    + "; see it with 'conveyor fleet capture show "
                    + fleet.service
                    + " --env "
                    + fleet.environment
                    + "'");
        options.out().flush();
      }
      return ExitCode.OK;
    }
  }

  /** {@code conveyor fleet capture show SERVICE [--env ENV] [--save FILE]}. */
  @Command(
      name = "show",
      description = "How the capture stands; --save writes its requests as a replay set file.",
      mixinStandardHelpOptions = true)
  public static final class Show implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Mixin FleetOptions fleet;

    @Option(
        names = "--save",
        paramLabel = "FILE",
        description = "Write the captured requests (JSON Lines) to FILE, for staging's 'replay'.")
    Path save;

    @Override
    public Integer call() {
      JsonNode answer = options.client().get(fleet.path("capture"));
      if (save != null) {
        try {
          Files.writeString(save, answer.get("jsonl").asText(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new CliException(
              ExitCode.USAGE, "cannot write --save " + save + ": " + e.getMessage(), e);
        }
      }
      if (!options.printedJson(answer)) {
        options
            .out()
            .println(
                fleet
                    + ": "
                    + answer.get("captured").asInt()
                    + " of "
                    + answer.get("limit").asInt()
                    + " requests captured ("
                    + answer.get("seen").asLong()
                    + " seen, "
                    + answer.get("skipped").asLong()
                    + " skipped) since "
                    + Formats.time(answer.get("started").asText())
                    + (answer.get("full").asBoolean() ? "; full" : "")
                    + (save == null ? "" : "; saved to " + save));
        options.out().flush();
      }
      return ExitCode.OK;
    }
  }

  /** {@code conveyor fleet capture stop SERVICE [--env ENV]}. */
  @Command(
      name = "stop",
      description = "Stop capturing and discard what was captured.",
      mixinStandardHelpOptions = true)
  public static final class Stop implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Mixin FleetOptions fleet;

    @Override
    public Integer call() {
      options.client().delete(fleet.path("capture"));
      options.out().println("capture of " + fleet + " stopped");
      options.out().flush();
      return ExitCode.OK;
    }
  }
}
