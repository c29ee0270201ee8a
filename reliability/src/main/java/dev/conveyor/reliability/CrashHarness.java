package dev.conveyor.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.cli.ApiClient;
import dev.conveyor.cli.CliException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.server.load.LoadGenerator;
import dev.conveyor.server.load.LoadPlan;
import dev.conveyor.server.load.LoadReport;
import dev.conveyor.server.load.Mix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Kills the server with SIGKILL in the middle of deployments, again and again, and checks after
 * every restart what Conveyor promises: every deployment resumes or is rolled back; every
 * deployment whose start was acknowledged is in the history; {@code history verify} passes; the
 * instances the history says run are exactly the processes that run (no orphan, none missing); and
 * the fleet still serves.
 *
 * <p>The fleet is the example shop in production, two instances, under constant load through the
 * router. Each round deploys another version (v1, v3 good; v2 bad) with the next strategy (rolling,
 * canary, blue-green), waits a seeded random time, kills the server, restarts it on the same data
 * and port, and waits for the fleet to settle. The same seed gives the same versions, strategies
 * and delays; where the kill lands in the plan still depends on the machine's speed.
 */
public final class CrashHarness {
  /** A verification quick enough to decide in seconds at the harness's load. */
  static final String VERIFY =
      "minDuration: 3s\nmaxDuration: 20s\nminRequests: 20\nonInconclusive: fail\n"
          + "latency: off\nflows: off\nerrors: {negligible: 0.02}\n";

  private static final List<String> STRATEGIES = List.of("rolling", "canary", "blue-green");
  private static final List<String> VERSIONS = List.of("v1", "v3", "v2");
  private static final String SERVICE = "shop";
  private static final String ENVIRONMENT = "production";

  /**
   * What to run: the packaged server, the shop's artifacts ({@code v1}, {@code v2}, {@code v3}
   * directories), a working directory, the seed, how many kills, the longest wait before a kill,
   * and the load (requests/s) through the router.
   */
  public record Settings(
      Path jar,
      Path artifacts,
      Path work,
      long seed,
      int kills,
      Duration maxDelay,
      double loadRate) {}

  /** One kill and what the restart found. */
  public record Kill(
      int round,
      String deployment,
      String strategy,
      String version,
      Duration delay,
      String statusAtKill,
      Duration restart,
      Duration settle,
      String outcome,
      List<String> violations) {}

  /** Every kill, every promise broken (none, if all is well), and the load's report. */
  public record Result(List<Kill> kills, List<String> violations, LoadReport load) {
    public boolean clean() {
      return violations.isEmpty();
    }

    /** Kills that landed while their deployment was still running (the ones that test resume). */
    public long midPlan() {
      return kills.stream().filter(k -> k.statusAtKill().startsWith("running")).count();
    }

    /** One line per kill, then the violations: what a person reads after a run. */
    public String describe() {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              "%-5s %-10s %-10s %-3s %8s %8s %8s%n",
              "round", "deployment", "strategy", "ver", "killed@", "restart", "settle"));
      for (Kill k : kills) {
        out.append(
            String.format(
                "%-5d %-10s %-10s %-3s %7.1fs %7.1fs %7.1fs%n",
                k.round(),
                k.deployment(),
                k.strategy(),
                k.version(),
                k.delay().toMillis() / 1000.0,
                k.restart().toMillis() / 1000.0,
                k.settle().toMillis() / 1000.0));
        out.append("      at the kill: ").append(k.statusAtKill()).append('\n');
        out.append("      in the end:  ").append(k.outcome()).append('\n');
      }
      out.append(String.format("%d kills, %d mid-plan%n", kills.size(), midPlan()));
      violations.forEach(v -> out.append("VIOLATION ").append(v).append('\n'));
      return out.toString();
    }
  }

  private final Settings settings;
  private final Path data;
  private final Random random;
  private final Map<String, ArtifactId> artifacts = new LinkedHashMap<>();
  private final Set<String> acknowledged = new TreeSet<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private ServerProcess server;
  private int generation;
  private int routerPort;

  public CrashHarness(Settings settings) {
    this.settings = settings;
    this.data = settings.work().resolve("data");
    this.random = new Random(settings.seed());
  }

  public Path data() {
    return data;
  }

  /** Runs every round; always leaves no process behind, whatever happened. */
  public Result run() {
    LoadGenerator load = null;
    CompletableFuture<LoadReport> loadReport = null;
    List<Kill> kills = new ArrayList<>();
    List<String> violations = new ArrayList<>();
    try {
      Files.createDirectories(settings.work());
      int apiPort = freePort();
      routerPort = freePort();
      server =
          ServerProcess.start(settings.jar(), data, apiPort, generation++, Duration.ofMinutes(1));
      setUp();
      load =
          new LoadGenerator(
              LoadPlan.of(
                      URI.create("http://127.0.0.1:" + routerPort),
                      settings.loadRate(),
                      Duration.ofHours(2),
                      Mix.parse("GET /products, POST /checkout {\"product\":1,\"quantity\":1}"))
                  .withTimeout(Duration.ofSeconds(5)));
      LoadGenerator running = load;
      loadReport = CompletableFuture.supplyAsync(() -> running.run(progress -> {}));
      for (int round = 0; round < settings.kills(); round++) {
        Kill kill = round(round);
        kills.add(kill);
        kill.violations().forEach(v -> violations.add("round " + kill.round() + ": " + v));
      }
      load.stop();
      LoadReport report = loadReport.join();
      load = null;
      int exit = server.stop(Duration.ofMinutes(2));
      if (exit != 0 && exit != 143) {
        violations.add("the server exited with " + exit + " on SIGTERM:\n" + server.logTail());
      }
      Map<String, Long> left = InstanceProcesses.under(data);
      if (!left.isEmpty()) {
        violations.add("after a clean stop these instance processes still run: " + left);
      }
      return new Result(List.copyOf(kills), List.copyOf(violations), report);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (load != null) {
        load.stop();
      }
      if (server != null && server.alive()) {
        server.kill();
      }
      InstanceProcesses.killAll(data);
    }
  }

  /** The artifacts and the fleet's router port. */
  private void setUp() {
    ApiClient api = server.client("crash-harness");
    for (String version : VERSIONS) {
      String id =
          api.pushArtifact(settings.artifacts().resolve(version))
              .get("artifact")
              .get("id")
              .asText();
      artifacts.put(version, ArtifactId.of(id));
    }
    api.put("/api/fleets/" + SERVICE + "/" + ENVIRONMENT + "/exposure", Map.of("port", routerPort));
  }

  private Kill round(int round) {
    ApiClient api = server.client("crash-harness");
    Set<String> running = versionsRunning(api);
    String version =
        round == 0
            ? "v1"
            : VERSIONS.stream()
                .filter(v -> !running.contains(v))
                .skip(random.nextInt(2))
                .findFirst()
                .orElse(VERSIONS.get(random.nextInt(VERSIONS.size())));
    String strategy = STRATEGIES.get(round % STRATEGIES.size());
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("service", SERVICE);
    request.put("environment", ENVIRONMENT);
    request.put("artifact", artifacts.get(version).value());
    request.put("strategy", strategy);
    request.put("canaryShares", List.of(0.2, 0.5));
    request.put("standbyWindow", "2s");
    request.put("instances", 2);
    request.put("verify", VERIFY);
    String id = api.post("/api/deployments", request).get("id").asText();
    acknowledged.add(id);

    long delayMillis = 200 + (long) (random.nextDouble() * settings.maxDelay().toMillis());
    ServerProcess.sleep(Duration.ofMillis(delayMillis));
    String statusAtKill = status(api, id);
    server.kill();

    long restartStart = System.nanoTime();
    server = server.restart(generation++, Duration.ofMinutes(1));
    Duration restart = Duration.ofNanos(System.nanoTime() - restartStart);
    api = server.client("crash-harness");

    List<String> violations = new ArrayList<>();
    long settleStart = System.nanoTime();
    boolean settled = awaitSettled(api, Duration.ofMinutes(4));
    Duration settle = Duration.ofNanos(System.nanoTime() - settleStart);
    if (!settled) {
      violations.add(
          "the fleet still has a running deployment 4 minutes after the restart: "
              + api.get("/api/deployments", Map.of("service", SERVICE, "active", true)));
    }
    check(api, violations);
    String outcome = outcome(api, id);
    return new Kill(
        round,
        id,
        strategy,
        version,
        Duration.ofMillis(delayMillis),
        statusAtKill,
        restart,
        settle,
        outcome,
        List.copyOf(violations));
  }

  /** The promises, checked against the restarted server and the machine's real processes. */
  private void check(ApiClient api, List<String> violations) {
    JsonNode verify = api.get("/api/history/verify");
    if (!verify.get("intact").asBoolean()) {
      violations.add("history verify: " + verify.get("summary").asText());
    }
    for (String id : acknowledged) {
      try {
        JsonNode d = api.get("/api/deployments/" + id);
        if (!Set.of("succeeded", "failed", "aborted").contains(d.get("status").asText())) {
          violations.add("acknowledged deployment " + id + " is " + d.get("status").asText());
        }
      } catch (CliException e) {
        violations.add(
            "acknowledged deployment " + id + " is not in the history: " + e.getMessage());
      }
    }
    // The history's running instances against the processes: the two agree once stops finish.
    Set<String> recorded = Set.of();
    Set<String> real = Set.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      recorded = runningInstances(api);
      real = InstanceProcesses.under(data).keySet();
      if (recorded.equals(real)) {
        break;
      }
      ServerProcess.sleep(Duration.ofMillis(200));
    }
    if (!recorded.equals(real)) {
      Set<String> orphans = new TreeSet<>(real);
      orphans.removeAll(recorded);
      Set<String> missing = new TreeSet<>(recorded);
      missing.removeAll(real);
      violations.add(
          "the history and the machine disagree: processes the history does not run "
              + orphans
              + ", instances the history runs without a process "
              + missing);
    }
    if (recorded.isEmpty()) {
      violations.add("the fleet has no instance left");
    } else if (!serves()) {
      violations.add("the fleet's router does not answer GET /products with 200");
    }
  }

  private boolean serves() {
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        HttpResponse<Void> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/products"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      ServerProcess.sleep(Duration.ofMillis(250));
    }
    return false;
  }

  private boolean awaitSettled(ApiClient api, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode active = api.get("/api/deployments", Map.of("service", SERVICE, "active", true));
      if (active.get("deployments").isEmpty()) {
        return true;
      }
      ServerProcess.sleep(Duration.ofMillis(250));
    }
    return false;
  }

  private static String status(ApiClient api, String id) {
    try {
      JsonNode d = api.get("/api/deployments/" + id);
      String status = d.get("status").asText();
      String line =
          d.hasNonNull("progress") ? status + " (" + d.get("progress").asText() + ")" : status;
      line = line.replaceAll("\\s+", " ");
      return line.length() > 70 ? line.substring(0, 67) + "..." : line;
    } catch (CliException e) {
      return "unknown: " + e.getMessage();
    }
  }

  /** How the killed deployment ended, and how its rollback ended if it had one. */
  private static String outcome(ApiClient api, String id) {
    JsonNode d = api.get("/api/deployments/" + id);
    String outcome = d.get("status").asText();
    if (!outcome.equals("succeeded") && d.hasNonNull("reason")) {
      String reason = d.get("reason").asText().replaceAll("\\s+", " ");
      outcome += " (" + (reason.length() > 90 ? reason.substring(0, 87) + "..." : reason) + ")";
    }
    for (JsonNode other :
        api.get("/api/deployments", Map.of("service", SERVICE)).get("deployments")) {
      if (id.equals(other.path("rollbackOf").asText(null))) {
        outcome += ", rollback " + other.get("status").asText();
      }
    }
    return outcome;
  }

  private Set<String> runningInstances(ApiClient api) {
    Set<String> ids = new TreeSet<>();
    for (JsonNode fleet : api.get("/api/status").get("fleets")) {
      for (JsonNode instance : fleet.get("instances")) {
        String state = instance.get("state").asText();
        if (!state.equals("stopped") && !state.equals("failed")) {
          ids.add(instance.get("id").asText());
        }
      }
    }
    return ids;
  }

  private static Set<String> versionsRunning(ApiClient api) {
    Set<String> versions = new HashSet<>();
    for (JsonNode fleet : api.get("/api/status").get("fleets")) {
      for (JsonNode instance : fleet.get("instances")) {
        if (instance.get("state").asText().equals("active")) {
          versions.add(instance.get("version").asText());
        }
      }
    }
    return versions;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
