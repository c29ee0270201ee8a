package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.core.Sizes;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code conveyor artifact show <id>}: one artifact with its provenance and manifest. */
@Command(
    name = "show",
    description = "Show one artifact: provenance and manifest.",
    mixinStandardHelpOptions = true)
public final class ArtifactShowCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(
      paramLabel = "ID",
      description = "sha256:<digest>, or at least 4 leading hex digits of it.")
  String id;

  @Override
  public Integer call() {
    JsonNode a =
        options.client().get("/api/artifacts/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    if (options.printedJson(a)) {
      return ExitCode.OK;
    }
    PrintWriter out = options.out();
    JsonNode p = a.get("provenance");
    JsonNode m = a.get("manifest");
    out.println("artifact     " + a.get("id").asText());
    out.println("service      " + a.get("service").asText());
    out.println("version      " + a.get("version").asText());
    out.println("size         " + Sizes.human(a.get("size").asLong()));
    out.println(
        "registered   "
            + Formats.time(a.get("registeredAt").asText())
            + " (event "
            + a.get("seq").asLong()
            + ")");
    out.println("commit       " + orDash(Formats.text(p, "commit")));
    out.println("author       " + orDash(Formats.text(p, "author")));
    out.println("built        " + orDash(Formats.text(p, "built")));
    out.println("command      " + m.get("command").toString());
    out.println("port via     $" + m.get("portVariable").asText());
    out.println(
        "readiness    GET "
            + m.get("readinessPath").asText()
            + " within "
            + Formats.duration(m.get("readinessTimeout").asText()));
    out.println("drain        " + Formats.duration(m.get("drainTimeout").asText()));
    m.get("env")
        .properties()
        .forEach(e -> out.println("env          " + e.getKey() + "=" + e.getValue().asText()));
    out.flush();
    return ExitCode.OK;
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }
}
