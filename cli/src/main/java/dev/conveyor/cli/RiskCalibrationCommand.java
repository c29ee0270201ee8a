package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.ScoreBands;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code conveyor risk calibration}: from the history, the production rollback rate per score band
 * with its 95% interval, the deployments counted apart, and one sentence reading the table.
 */
@Command(
    name = "calibration",
    description = {
      "Show the observed production rollback rate per score band, so that a team sees whether its"
          + " scores predict failure.",
      "A production deployment counts in the band of its artifact's latest score in ENV before it"
          + " started; it counts as rolled back if it failed, was aborted, or was rolled back"
          + " later."
    },
    mixinStandardHelpOptions = true)
public final class RiskCalibrationCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Option(
      names = "--service",
      paramLabel = "SERVICE",
      description = "Only this service's deployments.")
  String service;

  @Option(
      names = "--env",
      paramLabel = "ENV",
      defaultValue = "staging",
      description =
          "Whose scores to band: the environment they were scored in (default: ${DEFAULT-VALUE}).")
  String environment;

  @Option(
      names = "--bands",
      paramLabel = "CUTS",
      defaultValue = "60,70,80,90",
      description =
          "Ascending cut points between 0 and 100 (default: ${DEFAULT-VALUE}, for"
              + " [0, 60) [60, 70) [70, 80) [80, 90) [90, 100]).")
  String bands;

  @Override
  public Integer call() {
    // Checked here too, so that a typo is a usage error before any server is asked.
    if (service != null) {
      ServiceName.of(service);
    }
    EnvironmentName.of(environment);
    ScoreBands.parse(bands);
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("service", service);
    query.put("environment", environment);
    query.put("bands", bands);
    JsonNode calibration = options.client().get("/api/risk/calibration", query);
    if (!options.printedJson(calibration)) {
      print(calibration, options.out());
    }
    return ExitCode.OK;
  }

  static void print(JsonNode c, PrintWriter out) {
    String scoredIn = c.get("environment").asText();
    String whose = c.get("service").isNull() ? "every service" : c.get("service").asText();
    out.println(
        "production deployments of "
            + whose
            + " by "
            + scoredIn
            + " score, up to event "
            + c.get("seq").asLong());
    Table table = new Table("BAND", "DEPLOYMENTS", "ROLLED BACK", "RATE", "95% INTERVAL");
    for (JsonNode row : c.get("rows")) {
      JsonNode interval = row.get("interval");
      table.row(
          row.get("band").asText(),
          row.get("deployments").asLong(),
          row.get("rolledBack").asLong(),
          row.get("rate").isNull() ? null : Formats.percent(row.get("rate").asDouble()),
          interval.isNull()
              ? null
              : Formats.percent(interval.get("lower").asDouble())
                  + " – "
                  + Formats.percent(interval.get("upper").asDouble()));
    }
    table.print(out);
    JsonNode unscored = c.get("unscored");
    long count = unscored.get("deployments").asLong();
    out.println(
        "unscored: "
            + deployments(count)
            + " with no "
            + scoredIn
            + " score before "
            + (count == 1 ? "it" : "they")
            + " started, "
            + unscored.get("rolledBack").asLong()
            + " rolled back");
    long inFlight = c.get("inFlight").asLong();
    if (inFlight > 0) {
      out.println("in flight: " + deployments(inFlight) + ", counted once ended");
    }
    out.println(c.get("reading").asText());
    out.flush();
  }

  private static String deployments(long count) {
    return count + (count == 1 ? " deployment" : " deployments");
  }
}
