package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conveyor review <artifact> --approve | --request-changes [--comment TEXT]}: records a
 * review of an artifact by the caller, who must not be the one who registered it.
 */
@Command(
    name = "review",
    description =
        "Approve an artifact, or request changes to it, as a reviewer who is not its author.",
    mixinStandardHelpOptions = true)
public final class ReviewCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "ARTIFACT", description = "The artifact's id, or 4+ leading hex digits.")
  String artifact;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Verdict verdict;

  static final class Verdict {
    @Option(names = "--approve", required = true, description = "Approve the artifact.")
    boolean approve;

    @Option(
        names = "--request-changes",
        required = true,
        description = "Ask the author for changes.")
    boolean requestChanges;
  }

  @Option(names = "--comment", paramLabel = "TEXT", description = "What the reviewer says.")
  String comment;

  @Override
  public Integer call() {
    Map<String, Object> body = new HashMap<>();
    body.put("verdict", verdict.approve ? "approved" : "changes_requested");
    if (comment != null) {
      body.put("comment", comment);
    }
    JsonNode recorded = options.client().post("/api/artifacts/" + artifact + "/reviews", body);
    options.printEvent(recorded);
    return ExitCode.OK;
  }
}
