package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options of every command that talks to a server: where it is, and how to print answers. */
public final class ClientOptions {
  /** How a read command prints its answer. */
  public enum Output {
    table,
    json
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Server URL (default: $CONVEYOR_SERVER, else " + ApiClient.DEFAULT_SERVER + ").")
  String server;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  Output output;

  private ApiClient client;

  public ApiClient client() {
    if (client == null) {
      client = new ApiClient(ApiClient.resolveServer(server), System.getProperty("user.name", "anonymous"));
    }
    return client;
  }

  public boolean json() {
    return output == Output.json;
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
}
