package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.core.Sizes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code conveyor artifact list}: registered artifacts, newest first. */
@Command(
    name = "list",
    description = "List registered artifacts, newest first.",
    mixinStandardHelpOptions = true)
public final class ArtifactListCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Option(
      names = "--service",
      paramLabel = "SERVICE",
      description = "Only this service's artifacts.")
  String service;

  @Override
  public Integer call() {
    Map<String, Object> query = new HashMap<>();
    query.put("service", service);
    JsonNode answer = options.client().get("/api/artifacts", query);
    if (options.printedJson(answer)) {
      return ExitCode.OK;
    }
    Table table =
        new Table("ARTIFACT", "SERVICE", "VERSION", "SIZE", "COMMIT", "AUTHOR", "REGISTERED");
    for (JsonNode a : answer.get("artifacts")) {
      JsonNode p = a.get("provenance");
      table.row(
          a.get("shortId").asText(),
          a.get("service").asText(),
          a.get("version").asText(),
          Sizes.human(a.get("size").asLong()),
          Formats.text(p, "commit"),
          Formats.text(p, "author"),
          Formats.time(a.get("registeredAt").asText()));
    }
    if (table.isEmpty()) {
      options.out().println("no artifacts; register one with 'conveyor artifact push <dir>'");
      options.out().flush();
    } else {
      table.print(options.out());
    }
    return ExitCode.OK;
  }
}
