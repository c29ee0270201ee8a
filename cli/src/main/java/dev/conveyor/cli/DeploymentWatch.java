package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a deployment as it runs: one line per finished step, a redrawn progress line on a
 * terminal (current step, the candidate's traffic share, the verification's state, a bar), and the
 * rollback too if one starts. Returns how it all ended.
 */
final class DeploymentWatch {
  private static final Pattern ROLLED_BACK_BY = Pattern.compile("rolled back by ([a-z0-9-]+-\\d+)");

  private final ApiClient client;
  private final PrintWriter out;
  private final boolean terminal;
  private final long pollMillis;
  private final Set<String> printed = new HashSet<>();
  private int drawn;

  DeploymentWatch(ApiClient client, PrintWriter out, boolean terminal, long pollMillis) {
    this.client = client;
    this.out = out;
    this.terminal = terminal;
    this.pollMillis = pollMillis;
  }

  /** Follows {@code id} (and its rollback) to the end; returns its final JSON. */
  JsonNode follow(String id) throws InterruptedException {
    JsonNode d = client.get("/api/deployments/" + id);
    out.println(header(d));
    out.flush();
    while (true) {
      d = client.get("/api/deployments/" + id);
      printSteps(d);
      String status = d.get("status").asText();
      if (!status.equals("running") && !status.equals("paused")) {
        clearLine();
        out.println(id + " " + status + ": " + Formats.text(d, "reason"));
        out.flush();
        Matcher rollback =
            ROLLED_BACK_BY.matcher(
                Formats.text(d, "reason") == null ? "" : Formats.text(d, "reason"));
        if (rollback.find()) {
          follow(rollback.group(1));
        }
        return d;
      }
      if (terminal) {
        draw(d);
      }
      Thread.sleep(pollMillis);
    }
  }

  private static String header(JsonNode d) {
    return (d.get("kind").asText().equals("rollback")
            ? "rollback " + d.get("id").asText() + " of " + d.get("rollbackOf").asText()
            : "deployment " + d.get("id").asText())
        + ": "
        + d.get("strategy").asText()
        + " of "
        + Formats.shortArtifact(d.get("artifact").asText())
        + " into "
        + d.get("service").asText()
        + "/"
        + d.get("environment").asText()
        + ", "
        + d.get("steps").asInt()
        + (d.get("steps").asInt() == 1 ? " step" : " steps");
  }

  private void printSteps(JsonNode d) {
    for (JsonNode step : d.get("stepDetails")) {
      String state = step.get("state").asText();
      String key = d.get("id").asText() + "#" + step.get("number").asInt();
      if (state.equals("pending") || state.equals("running") || !printed.add(key)) {
        continue;
      }
      clearLine();
      String mark = state.equals("failed") || state.equals("inconclusive") ? "✗" : "✓";
      out.println(
          "  "
              + mark
              + " "
              + step.get("number").asInt()
              + "/"
              + d.get("steps").asInt()
              + " "
              + step.get("description").asText()
              + (state.equals("done") ? "" : ": " + state)
              + (step.hasNonNull("detail") && !step.get("detail").asText().isEmpty()
                  ? " — " + step.get("detail").asText()
                  : ""));
    }
    out.flush();
  }

  private void draw(JsonNode d) {
    int total = d.get("steps").asInt();
    int done = d.get("finishedSteps").asInt();
    int current = d.get("currentStep").asInt();
    int width = 20;
    int filled = total == 0 ? width : done * width / total;
    String bar = "#".repeat(filled) + "-".repeat(width - filled);
    String step =
        current == 0
            ? ""
            : " "
                + current
                + "/"
                + total
                + " "
                + d.get("stepDetails").get(current - 1).get("description").asText();
    String line =
        "["
            + bar
            + "]"
            + (d.get("status").asText().equals("paused") ? " PAUSED" : "")
            + step
            + " | candidate "
            + Formats.percent(d.get("candidateShare").asDouble())
            + (d.hasNonNull("progress") ? " | " + d.get("progress").asText() : "");
    if (line.length() > 160) {
      line = line.substring(0, 157) + "...";
    }
    clearLine();
    out.print(line);
    out.flush();
    drawn = line.length();
  }

  private void clearLine() {
    if (terminal && drawn > 0) {
      out.print("\r\033[K");
      drawn = 0;
    }
  }
}
