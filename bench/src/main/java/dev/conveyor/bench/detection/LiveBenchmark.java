package dev.conveyor.bench.detection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.bench.Table;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.metrics.RequestCounts;
import dev.conveyor.core.plan.BaselineChoice;
import dev.conveyor.core.plan.InstanceRef;
import dev.conveyor.core.plan.Plan;
import dev.conveyor.core.plan.PlanYaml;
import dev.conveyor.core.plan.Step;
import dev.conveyor.core.plan.Strategy;
import dev.conveyor.core.plan.StrategyOptions;
import dev.conveyor.core.verify.Reference;
import dev.conveyor.core.verify.VerificationSpec;
import dev.conveyor.core.verify.VerificationSpecCodec;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import dev.conveyor.server.load.LoadGenerator;
import dev.conveyor.server.load.LoadPlan;
import dev.conveyor.server.load.LoadReport;
import dev.conveyor.server.load.Mix;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live run: a real Conveyor server in this process (SQLite history, artifact store, instances
 * as local processes, the built-in router, the REST API), the example shop's artifacts pushed to
 * it, a production fleet of three v1 instances served through the router under constant open-loop
 * load, and canary deployments of v2 (5% of checkouts fail), v4 (p99 +50%), v3 (good, faster) and
 * v1 itself (A/A) started through the API, each verified by the real {@code LiveVerifier} on the
 * router's measurements. Every figure is read back from the API (the deployment's steps, their
 * times and evidence), the router's per-instance counts, and the load generator's report. Beside
 * each version: what the offline simulation predicts at the same rates.
 */
final class LiveBenchmark {
  static final String SERVICE = "shop";
  static final String ENVIRONMENT = "production";
  static final FleetKey FLEET = FleetKey.of(SERVICE, ENVIRONMENT);
  static final int INSTANCES = 3;
  static final double RATE = 200;
  static final double SHARE = 0.1;
  static final double CHECKOUT_SHARE = 0.5;
  static final String MIX = "1 GET /products, 1 POST /checkout {\"product\":1,\"quantity\":1}";

  /**
   * The demo's verify block ({@code conveyor demo}, cli's {@code DemoCommand.VERIFY}): steps that
   * decide in tens of seconds at 200 requests/s, unattended (inconclusive fails), latency judged on
   * the share of requests slower than the baseline's p90.
   */
  static final String VERIFY =
      """
      minDuration: 10s
      maxDuration: 90s
      minRequests: 100
      onInconclusive: fail
      errors: {negligible: 0.005}
      latency: {quantile: 0.9}
      """;

  /**
   * The candidates of each round: the bad versions, the good one, and v1 itself (A/A: a fresh v1
   * instance against the running ones, which is how often a good candidate is rolled back for being
   * a new process rather than a new version).
   */
  static final List<String> CANDIDATES = List.of("v2", "v4", "v3", "v1");

  /** Load on the new v1 fleet before the first canary: its instances' JIT warms up. */
  static final Duration WARMUP = Duration.ofSeconds(30);

  /** Load before each deployment starts, so the baseline's latency reference is fresh. */
  static final Duration LEAD = Duration.ofSeconds(3);

  /** Load after the fleet is back to v1, so late answers are counted. */
  static final Duration TAIL = Duration.ofSeconds(1);

  /** Goal: a bad candidate is rolled back before it has served this many requests. */
  static final long GOAL_EXPOSURE = 1_000;

  /**
   * The LiveVerifier reads each second 2 s after it ends, and its first second starts on average
   * half a second before the canary's first request: a decision on k simulated seconds comes about
   * k + 1.5 s after the canary's first request, with 1.5 s more of canary traffic.
   */
  static final double READ_LAG_SECONDS = 1.5;

  private static final Pattern LAUNCHED = Pattern.compile("launched (\\S+) at ");
  private static final Pattern ROLLED_BACK_BY = Pattern.compile("rolled back by (\\S+)$");

  private final Path data;
  private final Path shop;
  private final int rounds;
  private final int predictionRuns;
  private final long seed;
  private final PrintStream out;
  private final VerificationSpec spec =
      VerificationSpecCodec.read(ConfigReader.parse(VERIFY, "verify.yaml"));

  /** One canary deployment as measured. */
  record Run(
      String version,
      BaselineChoice baseline,
      int round,
      String deploymentStatus,
      String verdict,
      String decidedBy,
      String detail,
      double seconds,
      long canaryToDecision,
      long canaryInAll,
      long candidate5xx,
      long clientRequests,
      long client5xx,
      long clientTransportFailures,
      String judged,
      String reference,
      String cold,
      double wallSeconds) {

    boolean rolledBack() {
      return !deploymentStatus.equals("succeeded");
    }

    /** Failures clients saw that the candidate's own 5xx answers do not account for. */
    long otherFailures() {
      return Math.max(0, client5xx - candidate5xx) + clientTransportFailures;
    }
  }

  /** What the simulation predicts for one version at the live rates. */
  record Prediction(
      LiveScenario scenario,
      Tally conveyor,
      List<RunResult> conveyorRuns,
      List<RunResult> flaggerRuns,
      List<RunResult> kayentaRuns) {}

  LiveBenchmark(Path data, Path shop, int rounds, int predictionRuns, long seed, PrintStream out) {
    this.data = data;
    this.shop = shop;
    this.rounds = rounds;
    this.predictionRuns = predictionRuns;
    this.seed = seed;
    this.out = out;
  }

  /** The outcome of the live section: the runs, and the predictions beside them. */
  record Result(List<Run> runs, Map<String, Prediction> predictions) {}

  Result run() throws Exception {
    for (String v : List.of("v1", "v2", "v3", "v4")) {
      if (!Files.isRegularFile(shop.resolve(v).resolve("conveyor.yaml"))) {
        throw new IllegalStateException(
            "no shop artifact at "
                + shop.resolve(v)
                + ": build it first (./mvnw -pl examples/shop package), or give --shop DIR");
      }
    }
    ShopModel v1 = ShopModel.read(shop.resolve("v1"));
    double thresholdMs = v1.quantileMs(spec.latency().orElseThrow().quantile());
    out.printf(
        Locale.ROOT,
        "live: a Conveyor server in this JVM (data in %s); the shop's v1 on %d instances behind the"
            + " router; %s requests/s open loop (%s); canary at %s; %d round%s of %s%n",
        data,
        INSTANCES,
        Table.count(RATE),
        MIX,
        Scenario.percent(SHARE),
        rounds,
        rounds == 1 ? "" : "s",
        String.join(", ", CANDIDATES));
    out.println("live verify block: " + VERIFY.strip().replace("\n", "; "));

    Map<String, Prediction> predictions = predict(v1, thresholdMs);
    List<Run> runs = new ArrayList<>();
    ServerSettings settings =
        new ServerSettings(
                data,
                ServerSettings.DEFAULT_HOST,
                0,
                ServerSettings.DEFAULT_MAX_ARTIFACT_BYTES,
                ServerSettings.DEFAULT_SNAPSHOT_INTERVAL,
                ServerSettings.DEFAULT_STOP_GRACE,
                false)
            .withStopInstancesOnClose(true);
    ExecutorService loads = Executors.newVirtualThreadPerTaskExecutor();
    try (ConveyorServer server = ConveyorServer.start(settings, InstantSource.system())) {
      ShopApi api = new ShopApi(server.url());
      Map<String, ArtifactId> ids = new LinkedHashMap<>();
      for (String v : List.of("v1", "v2", "v3", "v4")) {
        ids.put(v, api.push(shop.resolve(v)));
      }
      int port = api.expose(SERVICE, ENVIRONMENT);
      URI target = URI.create("http://127.0.0.1:" + port);
      long t0 = System.nanoTime();
      Map<String, Object> first = new LinkedHashMap<>();
      first.put("service", SERVICE);
      first.put("environment", ENVIRONMENT);
      first.put("artifact", ids.get("v1").value());
      first.put("strategy", "rolling");
      first.put("instances", INSTANCES);
      JsonNode initial = api.awaitFinished(api.deploy(first), Duration.ofMinutes(3));
      require(initial, "succeeded", "the first deployment of v1");
      double deployed = (System.nanoTime() - t0) / 1e9;
      // Warm the fleet and the router, and give the latency reference its first minutes.
      LoadReport warm =
          LoadGenerator.run(
              LoadPlan.of(target, RATE, WARMUP, Mix.parse(MIX)).withTimeout(Duration.ofSeconds(5)));
      out.printf(
          Locale.ROOT,
          "  v1 on %d instances in %.0f s; %d s of warm-up load: %s responses (by status %s),"
              + " %s without an answer; latency p99 %s; v1's p90 after: %s%n",
          INSTANCES,
          deployed,
          WARMUP.toSeconds(),
          Table.count(warm.responses()),
          warm.statusCounts(),
          Table.count(warm.failures()),
          ms(warm.latency().p99()) + " ms (max " + ms(warm.latency().max()) + " ms)",
          reference(server));
      for (int round = 1; round <= rounds; round++) {
        for (String version : CANDIDATES) {
          for (BaselineChoice baseline : BaselineChoice.values()) {
            Run run =
                canary(server, api, loads, target, version, ids.get(version), baseline, round);
            runs.add(run);
            report(run);
          }
        }
      }
    } finally {
      loads.shutdownNow();
    }
    print(runs, predictions);
    return new Result(runs, predictions);
  }

  private void report(Run run) {
    out.printf(
        Locale.ROOT,
        "  round %d, %s against the %s baseline: %s after %.1f s and %s canary requests; clients:"
            + " %s failed of %s; %.0f s in all; v1's p90 before: %s; the canary's slow requests:"
            + " %s%n",
        run.round(),
        run.version(),
        run.baseline().label(),
        run.rolledBack() ? "rolled back (" + run.verdict() + ")" : "passed",
        run.seconds(),
        Table.count(run.canaryToDecision()),
        Table.count(run.client5xx() + run.clientTransportFailures()),
        Table.count(run.clientRequests()),
        run.wallSeconds(),
        run.reference(),
        run.cold());
  }

  private static void require(JsonNode deployment, String status, String what) {
    if (!deployment.get("status").asText().equals(status)) {
      throw new IllegalStateException(
          what + " ended " + deployment.get("status").asText() + ": " + deployment.get("reason"));
    }
  }

  /** One canary of {@code version} under load, until the fleet is v1 again. */
  private Run canary(
      ConveyorServer server,
      ShopApi api,
      ExecutorService loads,
      URI target,
      String version,
      ArtifactId artifact,
      BaselineChoice baseline,
      int round)
      throws InterruptedException {
    long start = System.nanoTime();
    LoadGenerator load =
        new LoadGenerator(
            LoadPlan.of(target, RATE, Duration.ofMinutes(30), Mix.parse(MIX))
                .withTimeout(Duration.ofSeconds(5)));
    CompletableFuture<LoadReport> report =
        CompletableFuture.supplyAsync(() -> load.run(progress -> {}), loads);
    JsonNode deployment;
    String reference;
    try {
      Thread.sleep(LEAD.toMillis());
      reference = reference(server);
      String id = api.deploy(Map.of("plan", trial(server, artifact, baseline)));
      deployment = api.awaitFinished(id, Duration.ofMinutes(5));
      if (!deployment.get("status").asText().equals("succeeded")) {
        Matcher m = ROLLED_BACK_BY.matcher(deployment.get("reason").asText());
        if (!m.find()) {
          throw new IllegalStateException(
              "deployment " + id + " failed without a rollback: " + deployment);
        }
        String undo = m.group(1);
        require(api.awaitFinished(undo, Duration.ofMinutes(5)), "succeeded", "rollback " + undo);
      }
      Thread.sleep(TAIL.toMillis());
    } finally {
      load.stop();
    }
    LoadReport done = report.join();
    return measure(
        server,
        version,
        baseline,
        round,
        deployment,
        done,
        reference,
        (System.nanoTime() - start) / 1e9);
  }

  /** The artifact an A/A trial's plan is made for, before its launch is given v1. */
  private static final String STAND_IN = "sha256:" + "0".repeat(64);

  /**
   * The canary strategy's plan for one share, up to and including its first verify step (launch the
   * canary, and the fresh copy of v1 when {@code baseline} is fresh; activate at the share;
   * verify), then the deactivation of what it launched instead of the promotion: the v1 fleet
   * stays, warm, for the next run.
   */
  private String trial(ConveyorServer server, ArtifactId artifact, BaselineChoice baseline) {
    StrategyOptions options =
        StrategyOptions.defaults()
            .withCanaryShares(List.of(SHARE))
            .withVerify(spec)
            .withBaseline(baseline);
    List<Instance> fleet = server.history().current().fleet(FLEET);
    // v1 against the v1 fleet (A/A): a strategy sees nothing to change when the fleet already runs
    // the artifact, so the plan is made for a stand-in and the candidate's launch takes v1.
    ArtifactId running = fleet.get(0).artifact();
    ArtifactId planned = artifact.equals(running) ? ArtifactId.of(STAND_IN) : artifact;
    Plan canary = Strategy.named("canary").plan(FLEET, fleet, planned, options);
    List<Step> steps = new ArrayList<>();
    List<InstanceRef.Slot> launched = new ArrayList<>();
    for (Step step : canary.steps()) {
      if (step instanceof Step.Launch launch && launch.artifact().equals(planned)) {
        step = new Step.Launch(launch.slot(), artifact);
      }
      steps.add(step);
      if (step instanceof Step.Launch launch) {
        launched.add(launch.slot());
      }
      if (step instanceof Step.Verify) {
        break;
      }
    }
    launched.forEach(slot -> steps.add(Step.Change.deactivate(slot)));
    return PlanYaml.write(new Plan(FLEET, artifact, "canary-trial", steps));
  }

  /**
   * The verifier's reference window: it reads the baseline's quantile over the minute before each
   * second it judges ({@code LiveVerifier.REFERENCE_WINDOW}).
   */
  static final Duration REFERENCE_WINDOW = Duration.ofMinutes(1);

  /**
   * The baseline's latency at the spec's quantile as the router measured it over the last 10 s and
   * over the verifier's reference window, each the median over the instances.
   */
  private String reference(ConveyorServer server) {
    Instant now = Instant.now();
    double q = spec.latency().orElseThrow().quantile();
    List<Instance> baseline =
        server.history().current().fleet(FLEET).stream()
            .filter(i -> i.state() == ActivationState.ACTIVE)
            .toList();
    return quantile(server, baseline, now.minusSeconds(10), now, q)
        + " ms over 10 s, "
        + quantile(server, baseline, now.minus(REFERENCE_WINDOW), now, q)
        + " ms over "
        + REFERENCE_WINDOW.toMinutes()
        + " min";
  }

  private static String quantile(
      ConveyorServer server, List<Instance> instances, Instant from, Instant to, double q) {
    List<Duration> values = new ArrayList<>();
    for (Instance i : instances) {
      server.router().latencyQuantile(i.id(), from, to, q).ifPresent(values::add);
    }
    if (values.isEmpty()) {
      return "–";
    }
    values.sort(null);
    return String.format(Locale.ROOT, "%.1f", values.get(values.size() / 2).toNanos() / 1e6);
  }

  private Run measure(
      ConveyorServer server,
      String version,
      BaselineChoice baseline,
      int round,
      JsonNode deployment,
      LoadReport load,
      String reference,
      double wallSeconds) {
    JsonNode steps = deployment.get("stepDetails");
    // The canary is the plan's first launch; its first traffic, its own activation.
    JsonNode launch = step(steps, "launch ");
    String slot = launch.get("description").asText().split(" ")[1];
    JsonNode activate = step(steps, "activate " + slot + " ");
    JsonNode verify = step(steps, "verify ");
    Matcher launched = LAUNCHED.matcher(launch.get("detail").asText());
    if (!launched.find()) {
      throw new IllegalStateException("no instance in the launch step: " + launch);
    }
    InstanceId canary = InstanceId.of(launched.group(1));
    Instant firstTraffic = Instant.parse(activate.get("finished").asText());
    Instant decided = Instant.parse(verify.get("finished").asText());
    Instant from = firstTraffic.truncatedTo(ChronoUnit.SECONDS);
    RequestCounts toDecision =
        server
            .router()
            .counts(canary, from, decided.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
    RequestCounts inAll = server.router().counts(canary, from, Instant.now().plusSeconds(1));
    String cold = cold(server, canary, from, decided, verify, spec);
    long client5xx =
        load.statusCounts().entrySet().stream()
            .filter(e -> e.getKey() >= 500)
            .mapToLong(Map.Entry::getValue)
            .sum();
    return new Run(
        version,
        baseline,
        round,
        deployment.get("status").asText(),
        verify.get("state").asText(),
        decidedBy(verify),
        verify.path("detail").asText(""),
        Duration.between(firstTraffic, decided).toMillis() / 1000.0,
        toDecision.requests(),
        inAll.requests(),
        inAll.server5xx(),
        load.responses() + load.failures(),
        client5xx,
        load.failures(),
        judged(verify),
        reference,
        cold,
        wallSeconds);
  }

  /**
   * The canary's slow requests (above the verification's last threshold) during the latency judge's
   * warm-up, which does not count, and after, as the router counted them: a new JVM answers its
   * first requests slowly.
   */
  private static String cold(
      ConveyorServer server,
      InstanceId canary,
      Instant from,
      Instant decided,
      JsonNode verify,
      VerificationSpec spec) {
    Duration warmup = spec.latency().orElseThrow().warmup();
    for (JsonNode e : verify.path("evidence").path("evidence")) {
      if (e.path("judge").asText().equals("latency") && e.hasNonNull("slowerThan")) {
        Duration threshold = Duration.parse(e.get("slowerThan").asText());
        Instant warm = from.plus(warmup);
        Instant end = decided.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return server.router().slowerThan(canary, from, warm, threshold)
            + "/"
            + server.router().counts(canary, from, warm).requests()
            + " in the first "
            + warmup.toSeconds()
            + " s (its warm-up), "
            + server.router().slowerThan(canary, warm, end, threshold)
            + "/"
            + Table.count(server.router().counts(canary, warm, end).requests())
            + " after";
      }
    }
    return "–";
  }

  private static JsonNode step(JsonNode steps, String prefix) {
    for (JsonNode step : steps) {
      if (step.get("description").asText().startsWith(prefix)) {
        return step;
      }
    }
    throw new IllegalStateException("no step starting with '" + prefix + "' in " + steps);
  }

  /** The judge whose failure decided a failed step; "all" for a pass; "time" if inconclusive. */
  private static String decidedBy(JsonNode verify) {
    String state = verify.get("state").asText();
    if (state.equals("passed")) {
      return "all passed";
    }
    if (state.equals("inconclusive")) {
      return "maximum duration";
    }
    JsonNode evidence = verify.path("evidence").path("evidence");
    for (JsonNode e : evidence) {
      if (e.path("outcome").asText().equals("fail")) {
        return e.has("judge") ? e.get("judge").asText() : e.path("kind").asText();
      }
    }
    return state;
  }

  /** What the comparisons saw: errors and slow requests, candidate against baseline. */
  private static String judged(JsonNode verify) {
    List<String> parts = new ArrayList<>();
    for (JsonNode e : verify.path("evidence").path("evidence")) {
      if (!e.path("kind").asText().equals("comparison")) {
        continue;
      }
      String name = e.get("judge").asText().equals("errors") ? "errors" : "slow";
      if (e.hasNonNull("slowerThan")) {
        name +=
            String.format(
                Locale.ROOT,
                " (> %.1f ms)",
                Duration.parse(e.get("slowerThan").asText()).toNanos() / 1e6);
      }
      parts.add(
          name
              + " "
              + e.get("events").get("candidate").asLong()
              + "/"
              + Table.count(e.get("requests").get("candidate").asLong())
              + " vs "
              + e.get("events").get("baseline").asLong()
              + "/"
              + Table.count(e.get("requests").get("baseline").asLong()));
    }
    return String.join("; ", parts);
  }

  // ---- predictions ----

  private Map<String, Prediction> predict(ShopModel v1, double thresholdMs) {
    Map<String, Prediction> predictions = new LinkedHashMap<>();
    List<String> versions = CANDIDATES;
    for (String version : versions) {
      ShopModel model = ShopModel.read(shop.resolve(version));
      LiveScenario scenario =
          new LiveScenario(
              version,
              RATE,
              SHARE,
              model.checkoutFailures() * CHECKOUT_SHARE,
              v1.checkoutFailures() * CHECKOUT_SHARE,
              model.slowerThan(thresholdMs),
              v1.slowerThan(thresholdMs));
      // Conveyor with the live spec; the reference's threshold only turns the latency judge on.
      Reference reference = Reference.of(Duration.ofNanos((long) (thresholdMs * 1e6)), List.of());
      List<Supplier<Judge>> judges =
          List.of(
              () -> new ConveyorJudge(spec, reference),
              FlaggerGate::new,
              () ->
                  new KayentaJudge(
                      DetectionBenchmark.KAYENTA_MINUTES, spec.errors().orElseThrow().alpha()));
      long scenarioSeed = seed ^ version.hashCode();
      List<List<RunResult>> results =
          Simulation.run(
              predictionRuns,
              run ->
                  new LiveStream(
                      new SplittableRandom(Simulation.seed(scenarioSeed, RATE, run)), scenario),
              judges);
      Decision right =
          model.checkoutFailures() > v1.checkoutFailures()
                  || model.slowerThan(thresholdMs) > v1.slowerThan(thresholdMs)
              ? Decision.ROLLBACK
              : Decision.PROMOTE;
      predictions.put(
          version,
          new Prediction(
              scenario,
              Tally.of(results.get(0), right),
              results.get(0),
              results.get(1),
              results.get(2)));
    }
    return predictions;
  }

  // ---- printing ----

  private void print(List<Run> runs, Map<String, Prediction> predictions) {
    out.println();
    out.println(
        "== Live canaries through the router (seconds and canary requests from the canary's first"
            + " traffic to the verify step's decision) ==");
    Table table =
        new Table(
            "version",
            "baseline",
            "round",
            "outcome",
            "decided by",
            "seconds",
            "canary requests to decision",
            "canary requests in all",
            "clients: failed / requests",
            "the judges saw (candidate vs baseline)");
    for (Run r : runs) {
      table.row(
          r.version(),
          r.baseline().label(),
          Integer.toString(r.round()),
          r.rolledBack() ? "rolled back (" + r.verdict() + ")" : "passed",
          r.decidedBy(),
          String.format(Locale.ROOT, "%.1f", r.seconds()),
          Table.count(r.canaryToDecision()),
          Table.count(r.canaryInAll()),
          Table.count(r.client5xx() + r.clientTransportFailures())
              + " / "
              + Table.count(r.clientRequests()),
          r.judged());
    }
    table.print(out);

    out.println();
    out.println(
        "== Live against the simulation at the same rates ("
            + Table.count(predictionRuns)
            + " simulated runs per version, rates from each version's shop.properties) ==");
    Table beside =
        new Table(
            "version",
            "per request: errors / slow, candidate vs v1",
            "live against a fresh v1: rolled back; seconds, canary requests: mean (min–max)",
            "live against the v1 fleet: rolled back; seconds, canary requests: mean (min–max)",
            "sim Conveyor: failed / inconclusive / passed",
            "sim Conveyor: seconds, mean / p95",
            "sim Conveyor: canary requests, mean / p95",
            "sim Flagger-style: rolled back; seconds",
            "sim Kayenta-style: rolled back; seconds");
    for (Map.Entry<String, Prediction> entry : predictions.entrySet()) {
      String version = entry.getKey();
      Prediction p = entry.getValue();
      LiveScenario s = p.scenario();
      List<RunResult> c = p.conveyorRuns();
      beside.row(
          version.equals("v1") ? "v1 (A/A)" : version,
          pct(s.candidateErrors())
              + " / "
              + pct(s.candidateSlow())
              + " vs "
              + pct(s.baselineErrors())
              + " / "
              + pct(s.baselineSlow()),
          live(runs, version, BaselineChoice.FRESH),
          live(runs, version, BaselineChoice.FLEET),
          share(c, Decision.ROLLBACK)
              + " / "
              + share(c, Decision.INCONCLUSIVE)
              + " / "
              + share(c, Decision.PROMOTE),
          meanP95(c, true, READ_LAG_SECONDS),
          meanP95(c, false, READ_LAG_SECONDS),
          share(p.flaggerRuns(), Decision.ROLLBACK) + "; " + meanP95(p.flaggerRuns(), true, 0),
          share(p.kayentaRuns(), Decision.ROLLBACK) + "; " + meanP95(p.kayentaRuns(), true, 0));
    }
    beside.print(out);
    out.println(
        "(simulated: the model's rates above, at the live traffic and share. Conveyor runs with"
            + " the live verify block on errors and slow requests (flows are not simulated), its"
            + " seconds and requests over all runs, whatever the decision, plus "
            + READ_LAG_SECONDS
            + " s of read lag; onInconclusive: fail rolls an inconclusive step back. The"
            + " Flagger- and Kayenta-style rules are configured as in the main simulation and judge"
            + " errors only.)");
  }

  /** The live canaries of one version against one baseline, in one cell. */
  private static String live(List<Run> runs, String version, BaselineChoice baseline) {
    List<Run> mine =
        runs.stream().filter(r -> r.version().equals(version) && r.baseline() == baseline).toList();
    if (mine.isEmpty()) {
      return "–";
    }
    return mine.stream().filter(Run::rolledBack).count()
        + " of "
        + mine.size()
        + "; "
        + range(mine.stream().mapToDouble(Run::seconds).toArray(), true)
        + " s, "
        + range(mine.stream().mapToDouble(Run::canaryToDecision).toArray(), false);
  }

  private static String share(List<RunResult> runs, Decision decision) {
    return pct((double) runs.stream().filter(r -> r.decision() == decision).count() / runs.size());
  }

  /** Mean and p95 seconds (or canary requests) to the decision over all runs, plus a lag. */
  private static String meanP95(List<RunResult> runs, boolean seconds, double lagSeconds) {
    double lag = seconds ? lagSeconds : lagSeconds * RATE * SHARE;
    long[] values =
        runs.stream().mapToLong(r -> seconds ? r.second() : r.canaryRequests()).sorted().toArray();
    double mean = java.util.Arrays.stream(values).average().orElse(Double.NaN) + lag;
    double p95 = Tally.percentile(values, 0.95) + lag;
    return Table.count(mean) + " / " + Table.count(p95);
  }

  private static String range(double[] values, boolean decimals) {
    double mean = java.util.Arrays.stream(values).average().orElse(Double.NaN);
    double min = java.util.Arrays.stream(values).min().orElse(Double.NaN);
    double max = java.util.Arrays.stream(values).max().orElse(Double.NaN);
    return decimals
        ? String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", mean, min, max)
        : Table.count(mean) + " (" + Table.count(min) + "–" + Table.count(max) + ")";
  }

  private static String ms(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toNanos() / 1e6);
  }

  static String pct(double share) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * share);
  }
}
