package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code conveyor status}: every fleet's instances, now or at a moment in the past. */
@Command(
    name = "status",
    description = "Show every fleet's instances: state, weight, traffic share.",
    mixinStandardHelpOptions = true)
public final class StatusCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @ArgGroup(exclusive = true)
  Moment moment;

  /** When to look: a time or a sequence number, not both. */
  static final class Moment {
    @Option(
        names = "--at",
        paramLabel = "TIME",
        description = "A moment: 2026-11-22T10:00:00Z, '2026-11-22 10:00', '10m ago', 'now'.")
    String at;

    @Option(names = "--seq", paramLabel = "N", description = "Right after event N.")
    Long seq;

    Map<String, Object> query() {
      Map<String, Object> query = new LinkedHashMap<>();
      if (at != null) {
        query.put("at", TimeArgument.parse(at, Instant.now(), ZoneId.systemDefault()).toString());
      }
      query.put("seq", seq);
      return query;
    }
  }

  @Override
  public Integer call() {
    JsonNode status =
        options.client().get("/api/status", moment == null ? Map.of() : moment.query());
    if (!options.printedJson(status)) {
      print(status, options.out());
    }
    return ExitCode.OK;
  }

  /** Prints the fleets of a status answer as a table, after a line that says which moment. */
  static void print(JsonNode status, PrintWriter out) {
    out.println(
        "after event "
            + status.get("seq").asLong()
            + " ("
            + Formats.time(status.get("time").asText())
            + ", hash "
            + Formats.shortHash(status.get("hash").asText())
            + ")");
    Table table =
        new Table("FLEET", "INSTANCE", "VERSION", "ARTIFACT", "STATE", "WEIGHT", "SHARE", "SINCE");
    for (JsonNode fleet : status.get("fleets")) {
      String name =
          fleet.get("service").asText()
              + "/"
              + fleet.get("environment").asText()
              + (fleet.hasNonNull("port") ? " :" + fleet.get("port").asInt() : "");
      if (fleet.get("instances").isEmpty()) {
        table.row(name, "-", "-", "-", "-", "-", "-", "-");
      }
      for (JsonNode i : fleet.get("instances")) {
        boolean active = i.get("state").asText().equals("active");
        table.row(
            name,
            i.get("id").asText(),
            i.get("version").asText(),
            Formats.shortArtifact(i.get("artifact").asText()),
            i.get("state").asText(),
            active ? i.get("weight").asInt() : "-",
            active ? Formats.percent(i.get("share").asDouble()) : "-",
            Formats.time(i.get("since").asText()));
      }
    }
    if (table.isEmpty()) {
      out.println("no instances");
      out.flush();
    } else {
      table.print(out);
    }
  }
}
