package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code conveyor history verify}: walks the hash chain; exits 1 if it is broken. */
@Command(
    name = "verify",
    description = "Check the history's hash chain; name the first broken event.",
    mixinStandardHelpOptions = true)
public final class HistoryVerifyCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Override
  public Integer call() {
    JsonNode report = options.client().get("/api/history/verify");
    if (!options.printedJson(report)) {
      options.out().println(report.get("summary").asText());
      options.out().flush();
    }
    return report.get("intact").asBoolean() ? ExitCode.OK : ExitCode.NEGATIVE;
  }
}
