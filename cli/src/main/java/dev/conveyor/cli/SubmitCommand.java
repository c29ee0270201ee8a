package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.core.score.Numbers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conveyor submit <dir|file> [--reports DIR]}: the green button. Registers the artifact,
 * sends its quality reports, and prints the dev gate's decision with each measure's contribution.
 * Exits 0 when the gate passed, 1 when it did not (no-go, or waiting for a sign-off). With {@code
 * --watch} it follows the artifact along the whole pipeline, deployments included, and exits 0 only
 * when the artifact went through.
 */
@Command(
    name = "submit",
    description =
        "Register an artifact, score it for dev from its reports, show the dev gate's decision,"
            + " and let the pipeline carry it on (staging, production) when it passes.",
    mixinStandardHelpOptions = true)
public final class SubmitCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "DIR|FILE", description = "A directory to pack, or a .tar.gz package.")
  Path source;

  @Option(
      names = "--reports",
      paramLabel = "DIR",
      defaultValue = ".",
      description =
          "Where the build wrote its reports (searched recursively for TEST-*.xml, jacoco.xml,"
              + " checkstyle-result.xml, *.checkstyle.xml, *.sarif, git-log*.txt); default: the"
              + " current directory.")
  Path reports;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description =
          "The git repository the artifact was built from: the review measure reads the"
              + " Reviewed-by trailers of the commits since production's artifact, up to this"
              + " artifact's provenance commit.")
  Path repo;

  @Option(
      names = "--watch",
      description =
          "Follow the artifact through every stage and deployment; exit 0 only when it went"
              + " through the whole pipeline.")
  boolean watch;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> texts = ReportFiles.read(reports);
    ApiClient client = options.client();
    JsonNode artifact = client.pushArtifact(source).get("artifact");
    if (repo != null) {
      texts = new java.util.TreeMap<>(texts);
      texts.put(GitLog.NAME, GitLog.read(repo, artifact, client));
    }
    JsonNode decision =
        client.post(
            "/api/artifacts/" + artifact.get("id").asText() + "/submissions",
            Map.of("reports", texts));
    boolean passed = decision.get("passed").asBoolean();
    if (!options.printedJson(decision)) {
      print(options.out(), artifact, texts.size(), decision);
    }
    if (!watch || decision.get("outcome").asText().equals("no_go")) {
      return passed ? ExitCode.OK : ExitCode.NEGATIVE;
    }
    PipelineWatch.End end =
        new PipelineWatch(client, options.out(), System.console() != null, 500)
            .follow(artifact.get("id").asText());
    return end == PipelineWatch.End.THROUGH ? ExitCode.OK : ExitCode.NEGATIVE;
  }

  private static void print(PrintWriter out, JsonNode artifact, int reports, JsonNode decision) {
    out.println(
        "submitted "
            + artifact.get("service").asText()
            + " "
            + artifact.get("version").asText()
            + " ("
            + Formats.shortArtifact(artifact.get("id").asText())
            + ") with "
            + reports
            + (reports == 1 ? " report" : " reports"));
    out.println();
    Table table = new Table("MEASURE", "SCORE", "WEIGHT", "CONTRIBUTION", "EVIDENCE");
    for (JsonNode m : decision.get("measures")) {
      table.row(
          m.get("name").asText(),
          number(m, "score"),
          number(m, "weight"),
          number(m, "contribution"),
          m.get("evidence").asText());
    }
    table.print(out);
    out.println();
    double score = decision.get("score").asDouble();
    double threshold = decision.get("threshold").asDouble();
    boolean passed = decision.get("passed").asBoolean();
    String outcome = decision.get("outcome").asText();
    out.println(
        decision.get("environment").asText()
            + " gate: "
            + (passed
                ? "passed"
                : outcome.equals("awaiting_signoff") ? "awaiting sign-off" : "failed")
            + " (score "
            + Numbers.number(score)
            + (score >= threshold ? " ≥ " : " < ")
            + Numbers.number(threshold)
            + ")");
    if (!passed) {
      for (JsonNode reason : decision.get("reasons")) {
        out.println("  - " + reason.asText());
      }
    }
    out.flush();
  }

  private static String number(JsonNode node, String field) {
    return Numbers.number(node.get(field).asDouble());
  }
}
