package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.cli.ApiClient;
import dev.conveyor.cli.Main;
import dev.conveyor.server.DataDirectory;
import dev.conveyor.server.budget.MinuteRow;
import dev.conveyor.server.budget.MinuteStore;
import dev.conveyor.server.load.LoadGenerator;
import dev.conveyor.server.load.LoadPlan;
import dev.conveyor.server.load.LoadReport;
import dev.conveyor.server.load.Mix;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error budget steering live canaries of the example shop, through the packaged server and its
 * real router, under constant checkout load: v2 (fails 5% of checkouts) is halted by a fast burn in
 * one story, and by the exposure cap — before it spends more than its share — in the other.
 *
 * <p>The canaries' verification judges nothing here (errors, latency and flows off, 3 minutes at
 * least), so that what stops them can only be the budget.
 */
class BudgetCanaryTests {
  private static final Path ARTIFACTS = Path.of(System.getProperty("conveyor.shop.artifacts"));
  private static final String CHECKOUTS = "POST /checkout {\"product\":1,\"quantity\":1}";
  private static final String QUIET_VERIFY =
      "minDuration: 3m\nmaxDuration: 5m\nminRequests: 10\nonInconclusive: fail\n"
          + "errors: off\nlatency: off\nflows: off\n";
  private static final Pattern ALLOWANCE =
      Pattern.compile(
          "exposure cap: the deployment spent (\\d+) bad events of objective availability and at"
              + " its pace would reach ([0-9.]+) before a stop takes effect, over its allowance of"
              + " ([0-9.]+) \\(25% of the ([0-9.]+) left when it started\\)");

  @TempDir Path work;
  private ServerProcess server;
  private ApiClient alice;
  private LoadGenerator load;
  private CompletableFuture<LoadReport> loadReport;
  private final Map<String, String> ids = new LinkedHashMap<>();

  @AfterEach
  void stop() {
    if (load != null) {
      load.stop();
      loadReport.join();
    }
    if (server != null) {
      server.stop(Duration.ofSeconds(30));
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aFastBurn_haltsTheCanaryOfABadVersion_andTheAlertIsRecorded() throws Exception {
    // A service with a past: two days of clean checkouts at 100 a second, ending two hours ago, so
    // that its 28-day budget (about 17,000 bad events) is far from spent and only the pace of the
    // canary's failures — the burn over the last hour and 5 minutes — can stop it.
    seedCleanHistory(Duration.ofDays(2), Duration.ofHours(2), 6_000);
    start(
        """
        services:
          shop:
            objectives:
              - {name: availability, kind: availability, target: 99.9%}
        policy:
          fastBurn: rollback
          exposureCap: off
        """);
    productionOnV1UnderLoad(Duration.ofSeconds(2));

    // At 40% of the traffic v2 fails 2% of it: a burn of 20× at 99.9%, which pages once the hour
    // and the 5 minutes are past 14.4×.
    Instant canaryStart = Instant.now();
    String canary = deployCanary(0.4);
    JsonNode done = awaitFinished(canary);
    Duration halted = Duration.between(canaryStart, Instant.parse(done.get("finished").asText()));

    assertThat(done.get("status").asText()).isEqualTo("aborted");
    assertThat(done.get("reason").asText())
        .as("the halt's reason")
        .contains("error budget of shop, objective availability: ")
        .contains("(page at 1h & 5m ≥ 14.4×)")
        .doesNotContain("exhausted");
    awaitOnlyV1Serves();
    List<String> alerts = summaries("budget_alerted");
    assertThat(alerts).isNotEmpty();
    assertThat(alerts.get(0)).startsWith("budget alert of shop/availability: page (was ok): ");
    System.out.printf(
        "fast burn: the canary of v2 at 40%% was halted %.1f s after it was requested%n",
        halted.toMillis() / 1e3);
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void theExposureCap_stopsACanary_beforeItSpendsMoreThanItsShare() throws Exception {
    start(
        """
        services:
          shop:
            window: 1h
            objectives:
              - {name: availability, kind: availability, target: 99%}
        policy:
          exposureCap: 25%
        """);
    // 100 checkouts/s for 20 s, none failing: about 2,000 events allow about 20 bad ones, of
    // which one deployment may spend a quarter. v2 at a 10% share fails about 0.5 a second: a
    // burn of 0.5×, no alert — only the cap can stop it.
    productionOnV1UnderLoad(Duration.ofSeconds(20));

    String canary = deployCanary(0.1);
    JsonNode done = awaitFinished(canary);
    assertThat(done.get("status").asText()).isEqualTo("aborted");
    String reason = done.get("reason").asText();
    Matcher m = ALLOWANCE.matcher(reason);
    assertThat(m.find()).as(reason).isTrue();
    double allowance = Double.parseDouble(m.group(3));
    double remainingAtStart = Double.parseDouble(m.group(4));
    assertThat(allowance)
        .isCloseTo(remainingAtStart / 4, org.assertj.core.api.Assertions.within(0.06));
    assertThat(Long.parseLong(m.group(1))).isLessThanOrEqualTo((long) allowance);
    awaitOnlyV1Serves();

    // What the canary spent in all, after its traffic was taken away, by the budget's own count.
    Thread.sleep(3_000);
    long spent = 0;
    for (JsonNode b : alice.get("/api/budgets", Map.of("service", "shop")).get("budgets")) {
      for (JsonNode s : b.get("attribution")) {
        if (s.get("deployment").asText().equals(canary)) {
          spent = s.get("bad").asLong();
        }
      }
    }
    assertThat(spent).as("bad events of %s in all", canary).isPositive();
    assertThat((double) spent)
        .as("spent in all, of %s allowed", allowance)
        .isLessThanOrEqualTo(allowance);
    assertThat(summaries("budget_alerted")).isEmpty();

    Run budget = cli("budget", "shop");
    assertThat(budget.exit()).as(budget.err()).isZero();
    assertThat(budget.out()).contains("shop/availability spent by: ").contains(canary + " (");
    System.out.printf(
        "exposure cap: %s spent %d bad events of its allowance of %.1f (25%% of %.1f)%n",
        canary, spent, allowance, remainingAtStart);
  }

  // ---- helpers ----

  /**
   * Writes {@code span} of clean minutes ending {@code ago} into the data directory's minute store
   * (as an earlier server would have recorded them), {@code perMinute} requests each, of an
   * artifact no deployment here brought.
   */
  private void seedCleanHistory(Duration span, Duration ago, long perMinute) {
    Instant end = Instant.now().minus(ago).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    List<MinuteRow> rows = new ArrayList<>();
    for (Instant m = end.minus(span); m.isBefore(end); m = m.plus(Duration.ofMinutes(1))) {
      rows.add(
          new MinuteRow(m, "shop", "production", "earlier", "", perMinute, 0, perMinute, Map.of()));
    }
    try (DataDirectory data = DataDirectory.open(work.resolve("data"));
        MinuteStore store = MinuteStore.open(data.metricsFile())) {
      store.append(rows);
    }
  }

  private void start(String slos) throws IOException {
    Path file = work.resolve("slos.yaml");
    Files.writeString(file, slos);
    server =
        ServerProcess.start(
            Path.of(System.getProperty("conveyor.jar")),
            work.resolve("data"),
            freePort(),
            1,
            Duration.ofSeconds(60),
            List.of("--slos", file.toString()));
    alice = server.client("alice");
  }

  /** v1 on two instances, then constant checkouts through the router for {@code warm}. */
  private void productionOnV1UnderLoad(Duration warm) throws InterruptedException {
    for (String version : List.of("v1", "v2")) {
      ids.put(
          version,
          alice.pushArtifact(ARTIFACTS.resolve(version)).get("artifact").get("id").asText());
    }
    int port =
        alice.put("/api/fleets/shop/production/exposure", Map.of("port", 0)).get("port").asInt();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service", "shop");
    body.put("environment", "production");
    body.put("artifact", ids.get("v1"));
    body.put("strategy", "rolling");
    body.put("instances", 2);
    JsonNode first = awaitFinished(alice.post("/api/deployments", body).get("id").asText());
    assertThat(first.get("status").asText()).isEqualTo("succeeded");
    load =
        new LoadGenerator(
            LoadPlan.of(
                    URI.create("http://127.0.0.1:" + port),
                    100,
                    Duration.ofMinutes(10),
                    Mix.parse(CHECKOUTS))
                .withTimeout(Duration.ofSeconds(5)));
    loadReport = CompletableFuture.supplyAsync(() -> load.run(progress -> {}));
    Thread.sleep(warm.toMillis());
  }

  private String deployCanary(double share) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service", "shop");
    body.put("environment", "production");
    body.put("artifact", ids.get("v2"));
    body.put("strategy", "canary");
    body.put("canaryShares", List.of(share));
    body.put("verify", QUIET_VERIFY);
    return alice.post("/api/deployments", body).get("id").asText();
  }

  private JsonNode awaitFinished(String id) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              last[0] = alice.get("/api/deployments/" + id);
              String status = last[0].get("status").asText();
              return !status.equals("running") && !status.equals("paused");
            });
    return last[0];
  }

  private void awaitOnlyV1Serves() {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              List<String> active = new ArrayList<>();
              for (JsonNode fleet : alice.get("/api/status").get("fleets")) {
                for (JsonNode i : fleet.get("instances")) {
                  if (i.get("state").asText().equals("active")) {
                    active.add(i.get("version").asText());
                  }
                }
              }
              return !active.isEmpty() && active.stream().allMatch("v1"::equals);
            });
  }

  /** The summaries of every event of {@code type}, oldest first. */
  private List<String> summaries(String type) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : alice.get("/api/history", Map.of("limit", 1000)).get("events")) {
      if (e.get("type").asText().equals(type)) {
        out.add(e.get("summary").asText());
      }
    }
    return out;
  }

  private record Run(int exit, String out, String err) {}

  private Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server");
    all.add(server.url().toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
