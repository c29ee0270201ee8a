package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code conveyor deployment}: see deployments, and act on a running one. */
@Command(
    name = "deployment",
    description = "List and show deployments; pause, resume, approve or abort a running one.",
    mixinStandardHelpOptions = true,
    subcommands = {
      DeploymentCommand.ListDeployments.class,
      DeploymentCommand.Show.class,
      DeploymentCommand.Watch.class,
      DeploymentCommand.Pause.class,
      DeploymentCommand.Resume.class,
      DeploymentCommand.Approve.class,
      DeploymentCommand.Abort.class
    })
public final class DeploymentCommand {

  /** {@code conveyor deployment list}. */
  @Command(
      name = "list",
      description = "Deployments, newest first.",
      mixinStandardHelpOptions = true)
  public static final class ListDeployments implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Option(names = "--service", paramLabel = "SERVICE")
    String service;

    @Option(names = "--active", description = "Only running and paused ones.")
    boolean active;

    @Override
    public Integer call() {
      Map<String, Object> query = new LinkedHashMap<>();
      query.put("service", service);
      query.put("active", active ? "true" : null);
      JsonNode answer = options.client().get("/api/deployments", query);
      if (options.printedJson(answer)) {
        return ExitCode.OK;
      }
      Table table =
          new Table(
              "DEPLOYMENT",
              "FLEET",
              "STRATEGY",
              "ARTIFACT",
              "STATUS",
              "STEPS",
              "STARTED",
              "REASON");
      for (JsonNode d : answer.get("deployments")) {
        table.row(
            d.get("id").asText(),
            d.get("service").asText() + "/" + d.get("environment").asText(),
            d.get("strategy").asText(),
            Formats.shortArtifact(d.get("artifact").asText()),
            d.get("status").asText(),
            d.get("finishedSteps").asInt() + "/" + d.get("steps").asInt(),
            Formats.time(d.get("started").asText()),
            Formats.text(d, "reason"));
      }
      if (table.isEmpty()) {
        options.out().println("no deployments");
        options.out().flush();
      } else {
        table.print(options.out());
      }
      return ExitCode.OK;
    }
  }

  /** {@code conveyor deployment show ID}: every step, with verification evidence. */
  @Command(
      name = "show",
      description = "One deployment, step by step, with its evidence.",
      mixinStandardHelpOptions = true)
  public static final class Show implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      JsonNode d = options.client().get("/api/deployments/" + id);
      if (options.printedJson(d)) {
        return ExitCode.OK;
      }
      print(d, options.out());
      return ExitCode.OK;
    }

    static void print(JsonNode d, PrintWriter out) {
      out.println(
          d.get("id").asText()
              + "  "
              + d.get("kind").asText()
              + (d.hasNonNull("rollbackOf") ? " of " + d.get("rollbackOf").asText() : "")
              + "  "
              + d.get("strategy").asText()
              + " of "
              + Formats.shortArtifact(d.get("artifact").asText())
              + " into "
              + d.get("service").asText()
              + "/"
              + d.get("environment").asText());
      out.println(
          "status   "
              + d.get("status").asText()
              + (d.hasNonNull("reason") ? ": " + d.get("reason").asText() : ""));
      out.println(
          "started  "
              + Formats.time(d.get("started").asText())
              + (d.hasNonNull("startedBy") ? " by " + d.get("startedBy").asText() : "")
              + (d.hasNonNull("finished")
                  ? ", finished " + Formats.time(d.get("finished").asText())
                  : ""));
      if (d.hasNonNull("progress")) {
        out.println("now      " + d.get("progress").asText());
      }
      out.println();
      for (JsonNode step : d.get("stepDetails")) {
        out.printf(
            "%3d  %-12s %s%n",
            step.get("number").asInt(),
            step.get("state").asText(),
            step.get("description").asText());
        if (step.hasNonNull("detail") && !step.get("detail").asText().isEmpty()) {
          out.println(
              "                   "
                  + step.get("detail").asText().replace("\n", "\n                   "));
        }
        if (step.hasNonNull("approvedBy")) {
          out.println("                   approved by " + step.get("approvedBy").asText());
        }
        if (step.hasNonNull("evidence")) {
          Evidence.print(step.get("evidence"), out, "                   ");
        }
      }
      out.flush();
    }
  }

  /** {@code conveyor deployment watch ID}. */
  @Command(
      name = "watch",
      description = "Follow a running deployment live.",
      mixinStandardHelpOptions = true)
  public static final class Watch implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws InterruptedException {
      JsonNode end =
          new DeploymentWatch(options.client(), options.out(), System.console() != null, 500)
              .follow(id);
      return end.get("status").asText().equals("succeeded") ? ExitCode.OK : ExitCode.NEGATIVE;
    }
  }

  /**
   * The shape of the operator commands: a deployment, a reason, and the verb that is the
   * subcommand's name.
   */
  abstract static class Act extends Action {
    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        required = true,
        description = "Why, for the history.")
    String reason;

    @Override
    String path() {
      return "/api/deployments/" + id + "/" + name();
    }

    @Override
    Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("reason", reason);
      return body;
    }

    @Override
    void print(JsonNode d, PrintWriter out) {
      out.println(
          d.get("id").asText()
              + " "
              + d.get("status").asText()
              + (name().equals("abort") ? ": rolling back" : ""));
    }
  }

  /** {@code conveyor deployment pause ID --reason …}. */
  @Command(name = "pause", description = "Hold a deployment at its current step.")
  public static final class Pause extends Act {}

  /** {@code conveyor deployment resume ID --reason …}. */
  @Command(name = "resume", description = "Let a paused deployment go on.")
  public static final class Resume extends Act {}

  /** {@code conveyor deployment approve ID --reason … [--step N]}. */
  @Command(name = "approve", description = "Approve a deployment's approval step.")
  public static final class Approve extends Act {
    @Option(
        names = "--step",
        paramLabel = "N",
        description = "Which step (default: the current one).")
    Integer step;

    @Override
    Map<String, Object> body() {
      Map<String, Object> body = super.body();
      if (step != null) {
        body.put("step", step);
      }
      return body;
    }
  }

  /** {@code conveyor deployment abort ID --reason …}. */
  @Command(name = "abort", description = "Stop a deployment and roll it back.")
  public static final class Abort extends Act {}
}
