package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conveyor signoff <artifact> --env ENV --reason TEXT}: an approver lets an artifact that
 * waits at a gate go on. Never its author; when the pipeline names approvers, one of them.
 */
@Command(
    name = "signoff",
    description =
        "Sign off an artifact waiting at a gate (warn band, or a gate that requires sign-off), as"
            + " an approver who is not its author.",
    mixinStandardHelpOptions = true)
public final class SignOffCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "ARTIFACT", description = "The artifact's id, or 4+ leading hex digits.")
  String artifact;

  @Option(
      names = "--env",
      paramLabel = "ENV",
      required = true,
      description = "The environment whose gate waits, such as staging.")
  String environment;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      required = true,
      description = "Why it may go on; recorded with the sign-off.")
  String reason;

  @Override
  public Integer call() {
    JsonNode recorded =
        options
            .client()
            .post(
                "/api/artifacts/" + artifact + "/signoffs",
                Map.of("environment", environment, "reason", reason));
    options.printEvent(recorded);
    return ExitCode.OK;
  }
}
