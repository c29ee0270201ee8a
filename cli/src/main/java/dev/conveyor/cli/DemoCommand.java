package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import dev.conveyor.server.load.LoadGenerator;
import dev.conveyor.server.load.LoadPlan;
import dev.conveyor.server.load.LoadReport;
import dev.conveyor.server.load.Mix;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conveyor demo}: the whole story on this machine in a few minutes. A server on a fresh data
 * directory; the example shop v1 on three instances under constant load; v2 (fails 5% of checkouts)
 * as a canary, caught by verification and rolled back; v3 (good) as a canary, promoted; then the
 * load's failures, the fleet, and the verified history.
 */
@Command(
    name = "demo",
    description =
        "Run the story end to end on this machine: a server, the example shop under load, a bad"
            + " canary rolled back, a good one promoted.",
    mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {
  /**
   * The demo's verification: decides in tens of seconds at the demo's load. Latency is judged on
   * the share of requests slower than the baseline's p90 (the default is p99): ten times the slow
   * requests to count, so a good candidate is shown good within the demo's minutes.
   */
  static final String VERIFY =
      "minDuration: 10s\nmaxDuration: 90s\nminRequests: 100\nonInconclusive: fail\n"
          + "errors: {negligible: 0.005}\nlatency: {quantile: 0.9}\n";

  private static final String MIX = "GET /products, POST /checkout {\"product\":1,\"quantity\":1}";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Data directory for the demo's server; must not exist yet (default: a new one).")
  Path data;

  @Option(
      names = "--artifacts",
      paramLabel = "DIR",
      description =
          "The example shop's built artifacts, v1 to v3 (default:"
              + " $CONVEYOR_HOME/examples/shop/target/artifacts, which ./conveyor sets).")
  Path artifacts;

  @Option(
      names = "--rate",
      paramLabel = "R",
      defaultValue = "200",
      description = "Requests per second through the router (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "API port (default: a free one).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Path shop = artifactsDir();
    Path dataDir = dataDir();
    ServerSettings settings =
        new ServerSettings(
            dataDir,
            ServerSettings.DEFAULT_HOST,
            port,
            ServerSettings.DEFAULT_MAX_ARTIFACT_BYTES,
            ServerSettings.DEFAULT_SNAPSHOT_INTERVAL,
            ServerSettings.DEFAULT_STOP_GRACE,
            true);
    say(out, "Starting a Conveyor server (data: " + dataDir + ")");
    try (ConveyorServer server = ConveyorServer.start(settings, InstantSource.system())) {
      ApiClient api = new ApiClient(server.url(), "demo");
      out.println("  API at " + server.url());
      Map<String, ArtifactId> ids = push(api, shop, out);
      int routerPort =
          api.put("/api/fleets/shop/production/exposure", Map.of("port", 0)).get("port").asInt();
      out.println("  shop/production is served on http://127.0.0.1:" + routerPort);
      DeploymentWatch watch = new DeploymentWatch(api, out, System.console() != null, 500);

      say(out, "1. v1 onto three instances (an empty fleet: launch, then activate)");
      String first = deploy(api, ids.get("v1"), "rolling", Map.of("instances", 3));
      watch.follow(first);

      say(
          out,
          "2. Constant load: "
              + Math.round(rate)
              + " requests/s, half GET /products, half POST /checkout");
      LoadGenerator load =
          new LoadGenerator(
              LoadPlan.of(
                  URI.create("http://127.0.0.1:" + routerPort),
                  rate,
                  Duration.ofHours(1),
                  Mix.parse(MIX)));
      CompletableFuture<LoadReport> loadReport =
          CompletableFuture.supplyAsync(() -> load.run(progress -> {}));
      try {
        // Warm the instances (a fresh JVM's first seconds are slow) and give the baseline a
        // minute's latency to be compared with.
        Thread.sleep(20_000);
        say(out, "3. v2 as a canary: it fails 5% of checkouts, so verification should catch it");
        String bad = deploy(api, ids.get("v2"), "canary", Map.of());
        JsonNode badEnd = watch.follow(bad);
        printEvidence(api, bad, out);

        say(out, "4. v3 as a canary: good and faster, so it should go all the way");
        String good = deploy(api, ids.get("v3"), "canary", Map.of());
        JsonNode goodEnd = watch.follow(good);

        load.stop();
        LoadReport report = loadReport.join();
        say(out, "5. What the clients saw through all of it");
        LoadOutput.print(report, out);

        say(out, "6. The fleet now");
        StatusCommand.print(api.get("/api/status"), out);
        JsonNode verify = api.get("/api/history/verify");
        out.println("history: " + verify.get("summary").asText());

        boolean asExpected =
            !badEnd.get("status").asText().equals("succeeded")
                && goodEnd.get("status").asText().equals("succeeded")
                && verify.get("intact").asBoolean();
        say(
            out,
            asExpected
                ? "Done: v2 was rolled back by its own measurements, v3 was promoted, and every"
                    + " change is in the verified history."
                : "The demo did not go as expected: v2 "
                    + badEnd.get("status").asText()
                    + ", v3 "
                    + goodEnd.get("status").asText()
                    + "; see above.");
        out.println("Stopping the server and its instances (the data stay in " + dataDir + ").");
        out.flush();
        return asExpected ? ExitCode.OK : ExitCode.NEGATIVE;
      } finally {
        load.stop();
      }
    }
  }

  private Path artifactsDir() {
    Path dir = artifacts;
    if (dir == null) {
      String home = System.getenv("CONVEYOR_HOME");
      dir =
          Path.of(home == null || home.isBlank() ? "." : home)
              .resolve("examples/shop/target/artifacts");
    }
    for (String version : List.of("v1", "v2", "v3")) {
      if (!Files.isRegularFile(dir.resolve(version).resolve("conveyor.yaml"))) {
        throw new CliException(
            ExitCode.USAGE,
            "the example shop's artifacts are not in "
                + dir
                + " (no "
                + version
                + "/conveyor.yaml); build them with './mvnw -pl examples/shop package', or give"
                + " --artifacts DIR");
      }
    }
    return dir;
  }

  private Path dataDir() {
    try {
      if (data == null) {
        return Files.createTempDirectory("conveyor-demo-");
      }
      if (Files.exists(data)) {
        throw new CliException(
            ExitCode.USAGE,
            "--data "
                + data
                + " already exists; the demo starts from an empty data directory, so give a new"
                + " one or leave --data out");
      }
      return Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, ArtifactId> push(ApiClient api, Path shop, PrintWriter out) {
    Map<String, ArtifactId> ids = new LinkedHashMap<>();
    for (String version : List.of("v1", "v2", "v3")) {
      ArtifactId id =
          ArtifactId.of(api.pushArtifact(shop.resolve(version)).get("artifact").get("id").asText());
      ids.put(version, id);
      out.println("  pushed shop " + version + " as " + id.shortForm());
    }
    return ids;
  }

  private static String deploy(
      ApiClient api, ArtifactId artifact, String strategy, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service", "shop");
    body.put("environment", "production");
    body.put("artifact", artifact.value());
    body.put("strategy", strategy);
    body.put("canaryShares", List.of(0.1, 0.5));
    body.put("verify", VERIFY);
    body.putAll(extra);
    return api.post("/api/deployments", body).get("id").asText();
  }

  /** The evidence of the verification that failed, as {@code deployment show} prints it. */
  private static void printEvidence(ApiClient api, String id, PrintWriter out) {
    for (JsonNode step : api.get("/api/deployments/" + id).get("stepDetails")) {
      if (step.get("state").asText().equals("failed") && step.hasNonNull("evidence")) {
        out.println("  evidence of step " + step.get("number").asInt() + ":");
        Evidence.print(step.get("evidence"), out, "    ");
      }
    }
    out.flush();
  }

  private static void say(PrintWriter out, String line) {
    out.println();
    out.println("== " + line);
    out.flush();
  }
}
