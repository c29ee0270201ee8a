package dev.conveyor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top of the {@code conveyor} command tree. */
@Command(
    name = "conveyor",
    description = {
      "Conveyor carries immutable artifacts through dev, staging and production, one instance at a"
          + " time, under measurement."
    },
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    subcommands = {
      DemoCommand.class,
      ServerCommand.class,
      ArtifactCommand.class,
      FleetCommand.class,
      InstanceCommand.class,
      PlanCommand.class,
      DeployCommand.class,
      DeploymentCommand.class,
      RollbackCommand.class,
      HistoryCommand.class,
      StatusCommand.class,
      SubmitCommand.class,
      ReviewCommand.class,
      SignOffCommand.class,
      GateCommand.class,
      BudgetCommand.class,
      SurveyCommand.class,
      RiskCommand.class,
      LoadCommand.class,
      picocli.CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 negative answer, 2 usage, 3 no server, 4 refused, 5 failed.",
      "Add --debug to see a failure's stack trace."
    })
public final class ConveyorCommand {
  /** How a read command prints its answer. */
  public enum Output {
    table,
    json
  }

  @Option(
      names = "--server",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description =
          "Server URL (default: $CONVEYOR_SERVER, else " + ApiClient.DEFAULT_SERVER + ").")
  String server;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      scope = ScopeType.INHERIT,
      description = "table or json, for commands that show something (default: ${DEFAULT-VALUE}).")
  Output output;
}
