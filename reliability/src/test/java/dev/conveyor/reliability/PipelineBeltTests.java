package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.cli.ApiClient;
import dev.conveyor.cli.CliException;
import dev.conveyor.cli.Main;
import dev.conveyor.server.load.LoadGenerator;
import dev.conveyor.server.load.LoadPlan;
import dev.conveyor.server.load.LoadReport;
import dev.conveyor.server.load.Mix;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conveyor belt end to end, as its users meet it: the packaged server with a pipeline file, the
 * example shop's packaged versions, the real reports of the shop's Maven build (Surefire, JaCoCo,
 * Checkstyle), the CLI's {@code submit --watch}. One server and one history for the whole story, in
 * order: v1 goes dev → staging → production by itself; v2 with its failing contract test stops at
 * dev; v2 with passing reports stops at staging, where its checkouts differ from production's; v3,
 * under a tightened dev gate, waits in the warn band until an approver other than its author signs
 * off, then goes on to production by canary under load; a rollback later, {@code risk calibration}
 * shows the rollback rate per score band.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class PipelineBeltTests {
  private static final Path ARTIFACTS = Path.of(System.getProperty("conveyor.shop.artifacts"));
  private static final Path SHOP_TARGET = Path.of(System.getProperty("conveyor.shop.target"));
  private static final Path REPLAY =
      SHOP_TARGET.resolveSibling("src").resolve("replay").resolve("standard.jsonl");

  @TempDir static Path work;
  private ServerProcess server;
  private ApiClient alice;
  private Path good;
  private Path failing;
  private LoadGenerator load;
  private CompletableFuture<LoadReport> loadReport;
  private final Map<String, String> ids = new java.util.HashMap<>();

  @BeforeAll
  void start() throws IOException {
    good = reports("good", SHOP_TARGET.resolve("surefire-reports"));
    failing = reports("failing", SHOP_TARGET.resolve("surefire-reports-v2"));
    // Two orders: the dev smoke test. v2 fails only its 3rd, 23rd and 35th checkout.
    Path smoke = work.resolve("smoke-orders.json");
    Files.writeString(
        smoke, "[{\"product\": 1, \"quantity\": 1}, {\"product\": 2, \"quantity\": 2}]\n");
    Path pipeline = work.resolve("pipeline.yaml");
    Files.writeString(pipeline, pipeline(smoke));
    server =
        ServerProcess.start(
            Path.of(System.getProperty("conveyor.jar")),
            work.resolve("data"),
            freePort(),
            1,
            Duration.ofSeconds(60),
            List.of("--pipeline", pipeline.toString()));
    alice = server.client("alice");
  }

  @AfterAll
  void stop() {
    if (load != null) {
      load.stop();
      loadReport.join();
    }
    if (server != null) {
      server.stop(Duration.ofSeconds(30));
    }
  }

  private static String pipeline(Path smoke) {
    String carried =
        """
              review: {weight: 2, vetoBelow: 100}
              tests: {weight: 3, vetoBelow: 100}
              coverage: {weight: 1, target: 75}
              lint:
                weight: 1
                penalties: {error: 10, warning: 1, info: 0}
              simulation: {weight: 1, vetoBelow: 100}
        """;
    return """
        approvers: [carol]
        environments:
          - name: dev
            threshold: 80
            warn: 70
            measures:
        %s
            simulation:
              command: [java, -jar, shop.jar, simulate, --target, "{target}", --data, "%s"]
              timeout: 1m
          - name: staging
            threshold: 85
            warn: 75
            measures:
        %s
              flows: {weight: 3, vetoBelow: 100}
              performance: {weight: 2, tolerance: 2.0}
            staging: {instances: 1, replay: "%s", rate: 40, duration: 3s}
          - name: production
            threshold: 85
            measures:
        %s
              flows: {weight: 3, vetoBelow: 100}
              performance: {weight: 2, tolerance: 2.0}
            deploy:
              strategy: canary
              instances: 1
              shares: [50%%]
              verify:
                minDuration: 2s
                maxDuration: 40s
                minRequests: 30
                onInconclusive: fail
                latency: off
                flows: off
                errors: {negligible: 0.05}
        """
        .formatted(carried, smoke, carried, REPLAY, carried);
  }

  @Test
  @Order(1)
  void goodArtifact_goesFromDevThroughStagingToProduction_byItself() {
    String v1 = pushAndReview("v1");
    Run run =
        cli("submit", ARTIFACTS.resolve("v1").toString(), "--reports", good.toString(), "--watch");
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out())
        .contains("dev gate: passed")
        .contains("staging: go")
        .contains("production: go")
        .contains("succeeded")
        .contains("through the whole pipeline");
    JsonNode stages = stages(v1);
    assertThat(stages.get(0).get("state").asText()).isEqualTo("go");
    assertThat(stages.get(1).get("state").asText()).isEqualTo("go");
    assertThat(stages.get(2).get("state").asText()).isEqualTo("deployed");
    JsonNode flows = measure(stages.get(1), "flows");
    assertThat(flows.get("evidence").asText()).contains("a first release");
    assertThat(measure(stages.get(0), "simulation").get("evidence").asText())
        .isEqualTo("2 of 2 orders settled");
    assertThat(measure(stages.get(0), "tests").get("score").asDouble()).isEqualTo(100);
    assertThat(stages.get(0).get("scoring").get("evidence").size()).isGreaterThanOrEqualTo(3);
    assertThat(productionVersions()).containsOnly("v1");
    startLoad();
  }

  @Test
  @Order(2)
  void failingTests_stopAtDev_withTheReason() {
    String v2 = pushAndReview("v2");
    Run run =
        cli(
            "submit",
            ARTIFACTS.resolve("v2").toString(),
            "--reports",
            failing.toString(),
            "--watch");
    assertThat(run.exit()).as(run.out()).isEqualTo(1);
    assertThat(run.out())
        .contains("dev gate: failed")
        .contains(
            "Measure 'tests' vetoes: its score 0 is below its veto floor of 100 (0 of 1 test"
                + " passed (1 failed, 0 errors, 0 skipped) in 1 report; failing:"
                + " dev.conveyor.examples.shop.CheckoutContractTests.standardOrders_allSettle).");
    JsonNode stages = stages(v2);
    assertThat(stages.get(0).get("state").asText()).isEqualTo("no_go");
    assertThat(stages.get(1).get("state").asText()).isEqualTo("pending");
  }

  @Test
  @Order(3)
  void differingFlows_stopAtStaging() {
    String v2 = ids.get("v2");
    Run run =
        cli("submit", ARTIFACTS.resolve("v2").toString(), "--reports", good.toString(), "--watch");
    assertThat(run.exit()).as(run.out()).isEqualTo(1);
    assertThat(run.out())
        .contains("dev gate: passed")
        .contains("staging: no go")
        .contains("the belt stopped at staging");
    JsonNode stages = stages(v2);
    assertThat(stages.get(1).get("state").asText()).isEqualTo("no_go");
    JsonNode flows = measure(stages.get(1), "flows");
    assertThat(flows.get("score").asDouble()).isLessThan(100);
    assertThat(flows.get("evidence").asText()).contains("POST /checkout").contains("500");
    assertThat(stages.get(2).get("state").asText()).isEqualTo("pending");
    assertThat(productionVersions()).containsOnly("v1");
  }

  @Test
  @Order(4)
  void warnBandArtifact_waitsForASignOffByAnotherApprover_thenGoesToProduction() {
    JsonNode v1Dev = stages(ids.get("v1")).get(0).get("scoring");
    double devScore = v1Dev.get("score").asDouble();
    assertThat(devScore)
        .as("the shop's reports score in 90-100 for this test")
        .isBetween(90.0, 99.99);
    Run tighten = cli("gate", "tighten", "dev", "--by", "20", "--reason", "release freeze week");
    assertThat(tighten.exit()).as(tighten.err()).isZero();

    String v3 = pushAndReview("v3");
    Run run = cli("submit", ARTIFACTS.resolve("v3").toString(), "--reports", good.toString());
    assertThat(run.exit()).as(run.out()).isEqualTo(1);
    assertThat(run.out()).contains("dev gate: awaiting sign-off");

    assertThatThrownBy(
            () ->
                alice.post(
                    "/api/artifacts/" + v3 + "/signoffs",
                    Map.of("environment", "dev", "reason", "my own change is fine")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining(
            "approver alice registered artifact "
                + v3.substring(7, 19)
                + " and cannot sign it off: a sign-off needs someone other than its author;"
                + " ask an approver (carol)");
    assertThat(stages(v3).get(0).get("state").asText()).isEqualTo("awaiting_signoff");

    server
        .client("carol")
        .post(
            "/api/artifacts/" + v3 + "/signoffs",
            Map.of(
                "environment", "dev", "reason", "freeze exception: the faster checkout (REL-7)"));

    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  List.of("deployed", "rolled_back", "no_go")
                      .contains(stages(v3).get(2).get("state").asText()));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "v3 did not reach the end of the belt: " + stages(v3) + "\n" + server.logTail(), e);
    }
    JsonNode stages = stages(v3);
    assertThat(stages.get(0).get("signOff").get("approver").asText()).isEqualTo("carol");
    assertThat(stages.get(0).get("scoring").get("reasons").toString())
        .contains("Signed off by carol: freeze exception: the faster checkout (REL-7).");
    assertThat(stages.get(1).get("state").asText()).isEqualTo("go");
    assertThat(stages.get(2).get("state").asText()).as(stages.toString()).isEqualTo("deployed");
    assertThat(productionVersions()).containsOnly("v3");
    cli("gate", "reset", "dev", "--reason", "freeze over");
  }

  @Test
  @Order(5)
  void riskCalibration_printsTheRollbackRatePerBand_fromAHistoryWithARollback() {
    Run rollback =
        cli(
            "rollback",
            "shop",
            "--env",
            "production",
            "--reason",
            "checkout complaints",
            "--watch");
    assertThat(rollback.exit()).as(rollback.out() + rollback.err()).isZero();
    assertThat(productionVersions()).containsOnly("v1");

    Run table = cli("risk", "calibration", "--env", "staging");
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).contains("BAND").contains("ROLLED BACK").contains("95% INTERVAL");
    Run json = cli("risk", "calibration", "--env", "staging", "--output", "json");
    JsonNode answer = json(json.out());
    long deployments = 0;
    long rolledBack = 0;
    for (JsonNode row : answer.get("rows")) {
      deployments += row.get("deployments").asLong();
      rolledBack += row.get("rolledBack").asLong();
    }
    assertThat(deployments).isEqualTo(2); // v1, v3
    assertThat(rolledBack).isEqualTo(1); // v3
  }

  // ---- helpers ----

  /** Pushes a version as alice and has bob approve it; returns its id. */
  private String pushAndReview(String version) {
    String id = alice.pushArtifact(ARTIFACTS.resolve(version)).get("artifact").get("id").asText();
    ids.put(version, id);
    server
        .client("bob")
        .post(
            "/api/artifacts/" + id + "/reviews",
            Map.of("verdict", "approved", "comment", "read it"));
    return id;
  }

  private JsonNode stages(String id) {
    return alice.get("/api/artifacts/" + id + "/pipeline").get("stages");
  }

  private static JsonNode measure(JsonNode stage, String name) {
    for (JsonNode m : stage.get("scoring").get("measures")) {
      if (m.get("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no measure " + name + " in " + stage);
  }

  private List<String> productionVersions() {
    List<String> versions = new ArrayList<>();
    for (JsonNode fleet : alice.get("/api/status").get("fleets")) {
      if (fleet.get("environment").asText().equals("production")) {
        for (JsonNode i : fleet.get("instances")) {
          if (i.get("state").asText().equals("active")) {
            versions.add(i.get("version").asText());
          }
        }
      }
    }
    return versions;
  }

  /** Constant load on production's router port, for the canary's verification. */
  private void startLoad() {
    int port = -1;
    for (JsonNode fleet : alice.get("/api/status").get("fleets")) {
      if (fleet.get("environment").asText().equals("production")) {
        port = fleet.get("port").asInt();
      }
    }
    load =
        new LoadGenerator(
            LoadPlan.of(
                    URI.create("http://127.0.0.1:" + port),
                    100,
                    Duration.ofMinutes(10),
                    Mix.parse("GET /products"))
                .withTimeout(Duration.ofSeconds(5)));
    loadReport = CompletableFuture.supplyAsync(() -> load.run(progress -> {}));
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

  private static JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One build's reports in a directory of their own: its TEST-*.xml, the coverage and lint. */
  private Path reports(String name, Path surefire) throws IOException {
    Path dir = Files.createDirectories(work.resolve("reports-" + name));
    try (Stream<Path> files = Files.list(surefire)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("TEST-")).toList()) {
        Files.copy(file, dir.resolve(file.getFileName()));
      }
    }
    Files.copy(SHOP_TARGET.resolve("site/jacoco/jacoco.xml"), dir.resolve("jacoco.xml"));
    Files.copy(SHOP_TARGET.resolve("checkstyle-result.xml"), dir.resolve("checkstyle-result.xml"));
    return dir;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
