package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The shape of a command that acts on one thing by its id ({@code deployment pause ID}, {@code
 * instance standby ID}, …): POST a body (with the reason, where one is given) to the thing's
 * endpoint, and print the answer, as JSON when asked. A subclass is named by its {@code @Command};
 * the help options are declared here, once.
 */
@Command(mixinStandardHelpOptions = true)
abstract class Action implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Parameters(paramLabel = "ID")
  String id;

  /** The subcommand's name, e.g. {@code pause}. */
  String name() {
    return spec.name();
  }

  /** Where to POST, e.g. {@code /api/deployments/<id>/pause}. */
  abstract String path();

  abstract Map<String, Object> body();

  /** Prints the answer as text. */
  abstract void print(JsonNode answer, PrintWriter out);

  @Override
  public Integer call() {
    JsonNode answer = options.client().post(path(), body());
    if (!options.printedJson(answer)) {
      print(answer, options.out());
      options.out().flush();
    }
    return ExitCode.OK;
  }
}
