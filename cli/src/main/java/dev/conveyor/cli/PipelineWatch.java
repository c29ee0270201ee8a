package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.core.score.Numbers;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Follows an artifact along the pipeline ({@code submit --watch}): prints each stage's decision as
 * it is recorded, with its reasons when it is not a go, follows a stage's deployment step by step,
 * and ends at the end of the belt or where it stops.
 */
final class PipelineWatch {
  /** How the watch ended. */
  enum End {
    /** Every stage passed, and deployed where it deploys. */
    THROUGH,
    /** A gate said no-go or a deployment was rolled back. */
    STOPPED
  }

  private final ApiClient client;
  private final PrintWriter out;
  private final boolean terminal;
  private final long pollMillis;
  private final Map<String, String> shown = new HashMap<>();
  private final Set<String> followed = new HashSet<>();

  PipelineWatch(ApiClient client, PrintWriter out, boolean terminal, long pollMillis) {
    this.client = client;
    this.out = out;
    this.terminal = terminal;
    this.pollMillis = pollMillis;
  }

  End follow(String artifact) throws InterruptedException {
    while (true) {
      JsonNode stages = client.get("/api/artifacts/" + artifact + "/pipeline").get("stages");
      String previous = "go";
      for (JsonNode stage : stages) {
        String env = stage.get("environment").asText();
        String state = stage.get("state").asText();
        if (state.equals("pending")) {
          if (previous.equals("go") || previous.equals("deployed")) {
            show(env, "scoring", env + ": scoring (running its validations)…");
          }
          break;
        }
        JsonNode scoring = stage.get("scoring");
        if (!shown.containsKey(env + "#" + scoring.get("seq").asLong())) {
          shown.put(env + "#" + scoring.get("seq").asLong(), state);
          printDecision(env, scoring);
        }
        JsonNode deployment = stage.get("deployment");
        if (deployment != null && !deployment.isNull()) {
          String id = deployment.get("id").asText();
          if (followed.add(id)) {
            JsonNode end = new DeploymentWatch(client, out, terminal, pollMillis).follow(id);
            state = end.get("status").asText().equals("succeeded") ? "deployed" : "rolled_back";
          }
        }
        switch (state) {
          case "no_go", "rolled_back" -> {
            out.println("the belt stopped at " + env);
            out.flush();
            return End.STOPPED;
          }
          case "awaiting_signoff" -> {
            show(
                env,
                "hint",
                "  waiting for an approver: conveyor signoff "
                    + Formats.shortArtifact(scoring.get("artifact").asText())
                    + " --env "
                    + env
                    + " --reason TEXT");
          }
          default -> {}
        }
        previous = state;
        if (!state.equals("go") && !state.equals("deployed")) {
          break;
        }
      }
      String last = stages.get(stages.size() - 1).get("state").asText();
      // A stage that deploys shows "deploying" after its go until its deployment succeeded.
      if (last.equals("deployed") || last.equals("go")) {
        out.println("through the whole pipeline");
        out.flush();
        return End.THROUGH;
      }
      Thread.sleep(pollMillis);
    }
  }

  private void show(String env, String what, String line) {
    if (shown.putIfAbsent(env + "@" + what, what) == null) {
      out.println(line);
      out.flush();
    }
  }

  private void printDecision(String env, JsonNode scoring) {
    double score = scoring.get("score").asDouble();
    double threshold = scoring.get("threshold").asDouble();
    String outcome = scoring.get("outcome").asText().replace('_', ' ');
    out.println(
        env
            + ": "
            + outcome
            + " (score "
            + Numbers.number(score)
            + (score >= threshold ? " ≥ " : " < ")
            + Numbers.number(threshold)
            + ")");
    if (!scoring.get("outcome").asText().equals("go")) {
      for (JsonNode reason : scoring.get("reasons")) {
        out.println("  - " + reason.asText());
      }
    }
    out.flush();
  }
}
