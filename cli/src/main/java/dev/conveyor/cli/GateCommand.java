package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.core.score.Numbers;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conveyor gate}: the pipeline's gates as they stand, and moving a threshold at runtime for
 * business needs: {@code tighten}, {@code ease}, {@code reset}, each recorded with its reason.
 */
@Command(
    name = "gate",
    description = "Show the pipeline's gates; tighten, ease or reset a gate's threshold.",
    mixinStandardHelpOptions = true,
    subcommands = {
      GateCommand.ListGates.class,
      GateCommand.Tighten.class,
      GateCommand.Ease.class,
      GateCommand.Reset.class
    })
public final class GateCommand {

  /** {@code conveyor gate list}. */
  @Command(
      name = "list",
      description = "Each environment's gate: threshold (configured → now), warn floor, measures.",
      mixinStandardHelpOptions = true)
  public static final class ListGates implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Override
    public Integer call() {
      JsonNode answer = options.client().get("/api/pipeline");
      if (options.printedJson(answer)) {
        return ExitCode.OK;
      }
      Table table =
          new Table("ENVIRONMENT", "THRESHOLD", "WARN", "MEASURES", "RUNS", "ADJUSTED BECAUSE");
      for (JsonNode g : answer.get("gates")) {
        double configured = g.get("configuredThreshold").asDouble();
        double now = g.get("threshold").asDouble();
        StringBuilder runs = new StringBuilder();
        if (g.get("simulation").asBoolean()) {
          runs.append("simulation ");
        }
        if (g.get("staging").asBoolean()) {
          runs.append("replay+load ");
        }
        if (!g.get("deploy").isNull()) {
          runs.append("deploy:").append(g.get("deploy").asText());
        }
        java.util.List<String> measures = new java.util.ArrayList<>();
        g.get("measures").forEach(m -> measures.add(m.asText()));
        table.row(
            g.get("environment").asText(),
            configured == now
                ? Numbers.number(now)
                : Numbers.number(configured) + " → " + Numbers.number(now),
            g.get("warn").isNull() ? "-" : Numbers.number(g.get("warn").asDouble()),
            String.join(",", measures),
            runs.toString().strip(),
            Formats.text(g, "adjustmentReason") == null ? "" : Formats.text(g, "adjustmentReason"));
      }
      table.print(options.out());
      JsonNode approvers = answer.get("approvers");
      options
          .out()
          .println(
              approvers.isEmpty()
                  ? "sign-off: anyone but the artifact's author"
                  : "sign-off: " + approvers.toString().replaceAll("[\\[\\]\"]", ""));
      options.out().flush();
      return ExitCode.OK;
    }
  }

  /** What tighten, ease and reset share: the environment, the points, the reason. */
  abstract static class Move implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "ENV", description = "The environment whose gate moves.")
    String environment;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        required = true,
        description = "Why; recorded with the change.")
    String reason;

    abstract double delta();

    @Override
    public Integer call() {
      JsonNode recorded =
          options
              .client()
              .post(
                  "/api/pipeline/environments/" + environment + "/threshold",
                  Map.of("delta", delta(), "reason", reason));
      options.printEvent(recorded);
      return ExitCode.OK;
    }
  }

  /** {@code conveyor gate tighten ENV --by N --reason TEXT}. */
  @Command(
      name = "tighten",
      description = "Raise a gate's threshold by N points (from its configured value).",
      mixinStandardHelpOptions = true)
  public static final class Tighten extends Move {
    @Option(names = "--by", paramLabel = "N", required = true, description = "Points, 0-100.")
    double by;

    @Override
    double delta() {
      return by;
    }
  }

  /** {@code conveyor gate ease ENV --by N --reason TEXT}. */
  @Command(
      name = "ease",
      description = "Lower a gate's threshold by N points (from its configured value).",
      mixinStandardHelpOptions = true)
  public static final class Ease extends Move {
    @Option(names = "--by", paramLabel = "N", required = true, description = "Points, 0-100.")
    double by;

    @Override
    double delta() {
      return -by;
    }
  }

  /** {@code conveyor gate reset ENV --reason TEXT}. */
  @Command(
      name = "reset",
      description = "Restore a gate's configured threshold.",
      mixinStandardHelpOptions = true)
  public static final class Reset extends Move {
    @Override
    double delta() {
      return 0;
    }
  }
}
