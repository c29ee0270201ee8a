package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code conveyor budget [SERVICE]}: each objective's error budget in production — target, what is
 * left, the burn rates of the workbook's alert windows, and the state (ok, ticket, page,
 * exhausted).
 */
@Command(
    name = "budget",
    description = "Error budgets: target, remaining, burn rates and state of each objective.",
    mixinStandardHelpOptions = true)
public final class BudgetCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "Only this service.")
  String service;

  @Override
  public Integer call() {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("service", service);
    JsonNode answer = options.client().get("/api/budgets", query);
    if (options.printedJson(answer)) {
      return ExitCode.OK;
    }
    if (answer.get("budgets").isEmpty()) {
      options
          .out()
          .println(
              service == null
                  ? "no objectives: start the server with --slos FILE (docs/BUDGETS.md)"
                  : "service " + service + " has no objectives");
      options.out().flush();
      return ExitCode.OK;
    }
    Table table =
        new Table(
            "SERVICE",
            "OBJECTIVE",
            "TARGET",
            "REMAINING",
            "BAD/ALLOWED",
            "BURN 1h/5m",
            "6h/30m",
            "3d",
            "STATE");
    for (JsonNode b : answer.get("budgets")) {
      JsonNode burn = b.get("burnRates");
      table.row(
          b.get("service").asText(),
          b.get("objective").asText(),
          Formats.percent(b.get("target").asDouble()),
          Formats.percent(b.get("remainingFraction").asDouble()),
          b.get("bad").asLong()
              + "/"
              + String.format(Locale.ROOT, "%.1f", b.get("allowed").asDouble()),
          rate(burn, "1h") + "/" + rate(burn, "5m"),
          rate(burn, "6h") + "/" + rate(burn, "30m"),
          rate(burn, "3d"),
          b.get("state").asText());
    }
    table.print(options.out());
    for (JsonNode b : answer.get("budgets")) {
      JsonNode spent = b.get("attribution");
      if (spent != null && !spent.isEmpty()) {
        StringBuilder line = new StringBuilder();
        for (JsonNode s : spent) {
          String deployment = s.get("deployment").asText();
          String artifact = s.get("artifact").asText();
          line.append(line.isEmpty() ? "" : ", ")
              .append(deployment.isEmpty() ? "before any deployment" : deployment)
              .append(" (")
              .append(artifact.isEmpty() ? "unknown" : Formats.shortArtifact(artifact))
              .append(") ")
              .append(s.get("bad").asLong());
        }
        options
            .out()
            .println(
                b.get("service").asText()
                    + "/"
                    + b.get("objective").asText()
                    + " spent by: "
                    + line);
      }
      if (!b.get("state").asText().equals("ok")) {
        options
            .out()
            .println(
                b.get("service").asText()
                    + "/"
                    + b.get("objective").asText()
                    + ": "
                    + b.get("reason").asText());
      }
    }
    options.out().flush();
    return ExitCode.OK;
  }

  private static String rate(JsonNode burn, String window) {
    JsonNode r = burn.get(window);
    return r == null ? "-" : String.format(Locale.ROOT, "%.1f×", r.asDouble());
  }
}
