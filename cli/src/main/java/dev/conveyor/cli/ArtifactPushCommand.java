package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.core.Sizes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code conveyor artifact push <dir|file>}: packs a directory reproducibly (or takes a {@code
 * .tar.gz} as it is) and registers it. The same bytes pushed twice register once.
 */
@Command(
    name = "push",
    description = "Register an artifact: a directory with a conveyor.yaml, or a .tar.gz of one.",
    mixinStandardHelpOptions = true)
public final class ArtifactPushCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "DIR|FILE", description = "A directory to pack, or a .tar.gz package.")
  Path source;

  @Override
  public Integer call() {
    JsonNode answer = options.client().pushArtifact(source);
    if (!options.printedJson(answer)) {
      JsonNode a = answer.get("artifact");
      options
          .out()
          .println(
              (answer.get("created").asBoolean() ? "registered " : "already registered: ")
                  + a.get("service").asText()
                  + " "
                  + a.get("version").asText()
                  + " as "
                  + a.get("id").asText()
                  + " ("
                  + Sizes.human(a.get("size").asLong())
                  + ")");
      options.out().flush();
    }
    return ExitCode.OK;
  }
}
