package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to a server shares: the client for the server named by {@code
 * --server}, and printing as {@code --output} asks (both options are declared once, inherited, on
 * {@link ConveyorCommand}).
 */
@Command
public final class ClientOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  private ApiClient client;

  public ApiClient client() {
    if (client == null) {
      client =
          new ApiClient(
              ApiClient.resolveServer(root().server), System.getProperty("user.name", "anonymous"));
    }
    return client;
  }

  public boolean json() {
    return root().output == ConveyorCommand.Output.json;
  }

  /** The top command, where the inherited options land wherever they were given. */
  private ConveyorCommand root() {
    return (ConveyorCommand) spec.root().userObject();
  }

  public PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Prints {@code node} as JSON when asked for JSON; returns true if it did. */
  public boolean printedJson(JsonNode node) {
    if (json()) {
      out().println(client().pretty(node));
      out().flush();
      return true;
    }
    return false;
  }

  /**
   * Prints an event the server recorded: as JSON when asked for JSON, else its one-line summary.
   */
  public void printEvent(JsonNode recorded) {
    if (!printedJson(recorded)) {
      out().println(recorded.get("summary").asText());
      out().flush();
    }
  }
}
