package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code conveyor history}: the events, newest last. With {@code --at} or {@code --seq}, first what
 * ran at that moment, then the events that led to it.
 */
@Command(
    name = "history",
    description = "Show the history: every change, who made it and why.",
    mixinStandardHelpOptions = true,
    subcommands = HistoryVerifyCommand.class)
public final class HistoryCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Option(names = "--service", paramLabel = "SERVICE", description = "Only this service's events.")
  String service;

  @ArgGroup(exclusive = true)
  StatusCommand.Moment moment;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      defaultValue = "50",
      description = "How many events to show (default: ${DEFAULT-VALUE}, at most 1000).")
  int limit;

  @Override
  public Integer call() {
    Long until = null;
    JsonNode status = null;
    if (moment != null) {
      status = options.client().get("/api/status", moment.query());
      until = status.get("seq").asLong();
    }
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("order", "desc");
    query.put("limit", limit);
    query.put("service", service);
    query.put("until", until);
    JsonNode page = options.client().get("/api/history", query);
    if (options.json()) {
      Map<String, JsonNode> both = new LinkedHashMap<>();
      if (status != null) {
        both.put("status", status);
      }
      both.put("history", page);
      options.printedJson(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(both));
      return ExitCode.OK;
    }
    PrintWriter out = options.out();
    if (status != null) {
      StatusCommand.print(status, out);
      out.println();
    }
    printEvents(page, out);
    return ExitCode.OK;
  }

  private static void printEvents(JsonNode page, PrintWriter out) {
    JsonNode events = page.get("events");
    if (events.isEmpty()) {
      out.println("no events");
      out.flush();
      return;
    }
    Table table = new Table("SEQ", "TIME", "ACTOR", "CAUSE", "EVENT");
    for (int i = events.size() - 1; i >= 0; i--) {
      JsonNode e = events.get(i);
      table.row(
          e.get("seq").asLong(),
          Formats.time(e.get("time").asText()),
          e.get("actor").asText(),
          e.get("causation").asText(),
          e.get("summary").asText());
    }
    table.print(out);
    if (page.hasNonNull("next")) {
      out.println("(older events: use --limit, or --seq to look further back)");
      out.flush();
    }
  }
}
