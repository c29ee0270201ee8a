package dev.conveyor.bench.detection;

import dev.conveyor.bench.Args;
import dev.conveyor.bench.Machine;
import dev.conveyor.bench.Table;
import dev.conveyor.core.plan.BaselineChoice;
import dev.conveyor.core.verify.Comparison;
import dev.conveyor.core.verify.VerificationSpec;
import dev.conveyor.core.verify.WaldBound;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The detection benchmark (bench/detection; not a test). Seeded simulated canaries — Poisson
 * arrivals at 100 and 1,000 requests/s, 10% to the candidate, Bernoulli errors at 0.1% on the
 * baseline and 0.1% (A/A), 0.5%, 1% or 5% on the candidate — each judged in the same run, on the
 * same streams, by Conveyor's verification (its default spec), a Flagger-style gate, a
 * Kayenta-style fixed-window Mann-Whitney judge, and the alternative designs of the error
 * comparison. Prints every figure beside Wald's bound, and whether the goals are met.
 *
 * <p>Then the live run ({@link LiveBenchmark}): a real server, the example shop under load through
 * the router, canaries of a bad (errors), a bad (latency) and a good version, beside what the
 * simulation predicts at the same rates.
 */
public final class DetectionBenchmark {
  static final double[] RATES = {100, 1000};
  static final double SHARE = 0.1;
  static final double BASELINE_ERRORS = 0.001;
  static final double[] CANDIDATE_ERRORS = {0.001, 0.005, 0.01, 0.05};

  /** Goal: mean canary requests to rollback at 0.1% → 1% within this factor of Wald's bound. */
  static final double GOAL_RATIO = 1.2;

  /** ...for this candidate error rate. */
  static final double GOAL_CANDIDATE_ERRORS = 0.01;

  /** Goal: false rollbacks of identical versions at most this share of runs. */
  static final double GOAL_FALSE_ROLLBACKS = 0.01;

  /** Goal: no promotion of a regression this large or larger. */
  static final double GOAL_NEVER_PROMOTED = 5;

  private static final Comparison ERRORS = Comparison.ERRORS;

  private final Options options;
  private final PrintStream out;

  private DetectionBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    // The live server's parts log each start and stop; the tables are what this prints.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    Options options = Args.parse(args, "bench/detection", Options.USAGE, Options::parse);
    if (options == null) {
      return;
    }
    new DetectionBenchmark(options, System.out).run();
  }

  /** A judge as the tables name it, and how to make one for a run. */
  private record Named(String name, Supplier<Judge> factory) {}

  /** Everything one run of the benchmark measured: per rate and scenario, per judge. */
  private final Map<Double, Map<Scenario, Map<String, Tally>>> tallies = new LinkedHashMap<>();

  private void run() throws Exception {
    long started = System.nanoTime();
    out.println("== Conveyor detection benchmark (bench/detection) ==");
    out.println(
        "machine: " + Machine.describe() + "; load average at the start: " + Machine.loadAverage());
    if (options.simulate()) {
      simulate();
    }
    LiveBenchmark.Result live = null;
    if (options.live()) {
      out.println();
      out.println("-- live");
      live = live();
    }
    out.println();
    if (options.simulate()) {
      goals();
    }
    if (live != null) {
      liveGoals(live);
    }
    out.println(Machine.finished(started));
  }

  private LiveBenchmark.Result live() throws Exception {
    Path dir = options.dir();
    boolean temporary = dir == null;
    if (temporary) {
      dir = Files.createTempDirectory("conveyor-bench-detection-");
    }
    try {
      return new LiveBenchmark(
              dir.resolve("server"),
              options.shop(),
              options.rounds(),
              options.predictionRuns(),
              options.seed(),
              out)
          .run();
    } finally {
      if (temporary) {
        deleteTree(dir);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void simulate() {
    VerificationSpec spec = VerificationSpec.DEFAULT;
    out.printf(
        "streams: Poisson arrivals at 100 and 1,000 requests/s, %s to the candidate, Bernoulli"
            + " errors at %s on the baseline; %s runs per regression, %s A/A runs; seed %d%s%n",
        Scenario.percent(SHARE),
        Scenario.percent(BASELINE_ERRORS),
        Table.count(options.runs()),
        Table.count(options.aaRuns()),
        options.seed(),
        options.quick() ? " (--quick: a smoke run, not a verdict)" : "");
    out.printf(
        "Conveyor: VerificationSpec.DEFAULT, errors α %s, β %s, fails on a mixture at %s× and"
            + " %s×, passes on ruling out %s×; minimum %s and %s requests, maximum %s%n",
        fmt(ERRORS.alpha()),
        fmt(ERRORS.beta()),
        fmt(ERRORS.detect()),
        fmt(ERRORS.minRegression()),
        fmt(ERRORS.minRegression()),
        spec.minDuration().toSeconds() + " s",
        spec.minRequests(),
        spec.maxDuration().toSeconds() + " s");
    out.printf(
        "Flagger-style: every %d s the candidate's success rate over the last %d s, a check fails"
            + " below %s%%, rollback after %d failed checks, promotion after %d passed%n",
        FlaggerGate.INTERVAL_SECONDS,
        FlaggerGate.INTERVAL_SECONDS,
        fmt(FlaggerGate.MIN_SUCCESS_PERCENT),
        FlaggerGate.THRESHOLD,
        FlaggerGate.ITERATIONS);
    out.printf(
        "Kayenta-style: per-minute error rates over a fixed %d-minute window, Mann-Whitney U,"
            + " rollback when p < %s and the candidate is worse%n",
        KAYENTA_MINUTES, fmt(ERRORS.alpha()));
    out.println(
        "floor: Wald's bound on the expected sample size for α 0.01 and β 0.05 at each regression;"
            + " for A/A, the bound under H₀ for ruling out 2×");

    List<Named> judges = judges(spec);
    out.println();
    out.println("-- simulating");
    for (double rate : RATES) {
      for (double candidate : CANDIDATE_ERRORS) {
        Scenario scenario = new Scenario(rate, SHARE, BASELINE_ERRORS, candidate);
        int runs = scenario.identical() ? options.aaRuns() : options.runs();
        long t0 = System.nanoTime();
        List<List<RunResult>> results =
            Simulation.run(
                scenario, runs, options.seed(), judges.stream().map(Named::factory).toList());
        Decision right = scenario.identical() ? Decision.PROMOTE : Decision.ROLLBACK;
        Map<String, Tally> byJudge = new LinkedHashMap<>();
        for (int j = 0; j < judges.size(); j++) {
          byJudge.put(judges.get(j).name(), Tally.of(results.get(j), right));
        }
        tallies.computeIfAbsent(rate, r -> new LinkedHashMap<>()).put(scenario, byJudge);
        out.printf(
            Locale.ROOT,
            "  %s requests/s, %s: %s runs in %.1f s%n",
            Table.count(rate),
            scenario.label(),
            Table.count(runs),
            (System.nanoTime() - t0) / 1e9);
      }
    }

    out.println();
    out.println(
        "== Canary requests to the right decision (rollback; for A/A, promotion), beside Wald's"
            + " bound; ratio = mean ÷ bound ==");
    Table main =
        new Table(
            "traffic",
            "case",
            "judge",
            "rolled back",
            "promoted",
            "inconclusive",
            "canary requests: mean / p95",
            "Wald's bound",
            "ratio",
            "seconds: mean / p95");
    for (double rate : RATES) {
      for (Map.Entry<Scenario, Map<String, Tally>> entry : tallies.get(rate).entrySet()) {
        Scenario scenario = entry.getKey();
        double bound = bound(scenario);
        for (String judge : List.of(CONVEYOR, FLAGGER, KAYENTA)) {
          Tally t = entry.getValue().get(judge);
          main.row(
              Table.count(rate) + "/s",
              scenario.label(),
              judge,
              percent(t.share(t.rollbacks())),
              percent(t.share(t.promotions())),
              percent(t.share(t.inconclusive())),
              count(t.meanRequests()) + " / " + count(t.p95Requests()),
              Table.count(bound),
              Table.ratio(t.meanRequests() / bound),
              count(t.meanSeconds()) + " / " + count(t.p95Seconds()));
        }
      }
    }
    main.print(out);

    out.println();
    out.println(
        "== The error comparison's design against its alternatives (same streams, same step"
            + " rules; requests to rollback with ratio to Wald's bound) ==");
    Table designs =
        new Table(
            "traffic",
            "design",
            "A/A rolled back",
            "5×: promoted",
            "5×: requests (ratio)",
            "10×: promoted",
            "10×: requests (ratio)",
            "50×: requests (ratio)");
    for (double rate : RATES) {
      for (String design : designNames()) {
        Tally aa = tally(rate, 0.001, design);
        Tally five = tally(rate, 0.005, design);
        Tally ten = tally(rate, 0.01, design);
        Tally fifty = tally(rate, 0.05, design);
        designs.row(
            Table.count(rate) + "/s",
            design,
            percent(aa.share(aa.rollbacks())),
            percent(five.share(five.promotions())),
            withRatio(five.meanRequests(), 0.005),
            percent(ten.share(ten.promotions())),
            withRatio(ten.meanRequests(), 0.01),
            withRatio(fifty.meanRequests(), 0.05));
      }
    }
    designs.print(out);
  }

  static final String CONVEYOR = "Conveyor";
  static final String FLAGGER = "Flagger-style gate";
  static final String KAYENTA = "Kayenta-style Mann-Whitney";
  static final int KAYENTA_MINUTES = 10;

  private List<Named> judges(VerificationSpec spec) {
    List<Named> judges = new ArrayList<>();
    judges.add(new Named(CONVEYOR, () -> new ConveyorJudge(spec)));
    judges.add(new Named(FLAGGER, FlaggerGate::new));
    judges.add(new Named(KAYENTA, () -> new KayentaJudge(KAYENTA_MINUTES, ERRORS.alpha())));
    long min = spec.minDuration().toSeconds();
    long max = spec.maxDuration().toSeconds();
    for (Designs.Design design : Designs.alternatives()) {
      judges.add(
          new Named(
              design.name(),
              () -> new SequentialJudge(design.factory().get(), min, spec.minRequests(), max)));
    }
    return judges;
  }

  private static List<String> designNames() {
    List<String> names = new ArrayList<>();
    names.add(CONVEYOR);
    Designs.alternatives().forEach(d -> names.add(d.name()));
    return names;
  }

  private void goals() {
    WaldBound goalBound =
        new WaldBound(
            ERRORS.alpha(), ERRORS.beta(), SHARE, GOAL_CANDIDATE_ERRORS / BASELINE_ERRORS);
    double bound = goalBound.expectedCandidateRequests(BASELINE_ERRORS);
    List<String> parts = new ArrayList<>();
    boolean met = true;
    for (double rate : RATES) {
      Tally t = tally(rate, GOAL_CANDIDATE_ERRORS, CONVEYOR);
      met &= t.meanRequests() <= GOAL_RATIO * bound;
      parts.add(
          Table.count(rate)
              + " requests/s: "
              + Table.count(t.meanRequests())
              + " ("
              + Table.ratio(t.meanRequests() / bound)
              + ", p95 "
              + Table.count(t.p95Requests())
              + ")");
    }
    out.printf(
        "GOAL mean canary requests to rollback ≤ %s× Wald's bound (0.1%% → 1%%, α 0.01, β 0.05:"
            + " %s): %s — %s%s%n",
        fmt(GOAL_RATIO),
        Table.count(bound),
        met ? "MET" : "NOT MET",
        String.join("; ", parts),
        quick());

    parts.clear();
    met = true;
    for (double rate : RATES) {
      Tally t = tally(rate, BASELINE_ERRORS, CONVEYOR);
      double[] interval = t.wilson(t.rollbacks());
      met &= t.share(t.rollbacks()) <= GOAL_FALSE_ROLLBACKS;
      parts.add(
          String.format(
              Locale.ROOT,
              "%s requests/s: %s of %s (%s; 95%% interval %s–%s), inconclusive %s",
              Table.count(rate),
              Table.count(t.rollbacks()),
              Table.count(t.runs()),
              percent(t.share(t.rollbacks())),
              percent(interval[0]),
              percent(interval[1]),
              percent(t.share(t.inconclusive()))));
    }
    out.printf(
        "GOAL A/A false rollbacks ≤ %s: %s — %s (inconclusive steps ask for approval under the"
            + " default onInconclusive; with fail they would roll back too)%s%n",
        percent(GOAL_FALSE_ROLLBACKS), met ? "MET" : "NOT MET", String.join("; ", parts), quick());

    int promoted = 0;
    int runs = 0;
    for (double rate : RATES) {
      for (double candidate : CANDIDATE_ERRORS) {
        if (candidate / BASELINE_ERRORS >= GOAL_NEVER_PROMOTED) {
          Tally t = tally(rate, candidate, CONVEYOR);
          promoted += t.promotions();
          runs += t.runs();
        }
      }
    }
    Tally flagger = tally(RATES[0], 0.005, FLAGGER);
    out.printf(
        "GOAL no %s× regression ever promoted: %s — %s promoted of %s runs at 5×, 10× and 50×"
            + " (the Flagger-style gate promoted %s of 5× regressions at 100 requests/s)%s%n",
        fmt(GOAL_NEVER_PROMOTED),
        promoted == 0 ? "MET" : "NOT MET",
        Table.count(promoted),
        Table.count(runs),
        percent(flagger.share(flagger.promotions())),
        quick());
  }

  /** The live section's goals, from its runs and the simulated A/A under the live spec. */
  private void liveGoals(LiveBenchmark.Result live) {
    for (BaselineChoice baseline : BaselineChoice.values()) {
      candidateGoals(
          live.runs().stream().filter(r -> r.baseline() == baseline).toList(),
          baseline == BaselineChoice.FRESH ? "against a fresh v1" : "against the v1 fleet");
    }
    List<LiveBenchmark.Run> runs = live.runs();
    Tally aa = live.predictions().get("v1").conveyor();
    int wrong = aa.rollbacks() + aa.inconclusive();
    double[] interval = aa.wilson(wrong);
    out.printf(
        Locale.ROOT,
        "GOAL live spec, identical versions (simulated at the live rates): false rollbacks ≤ %s:"
            + " %s — %s of %s (%s; 95%% interval %s–%s): %s failed, %s inconclusive at the"
            + " maximum duration, which onInconclusive: fail rolls back%s%n",
        percent(GOAL_FALSE_ROLLBACKS),
        aa.share(wrong) <= GOAL_FALSE_ROLLBACKS ? "MET" : "NOT MET",
        Table.count(wrong),
        Table.count(aa.runs()),
        percent(aa.share(wrong)),
        percent(interval[0]),
        percent(interval[1]),
        percent(aa.share(aa.rollbacks())),
        percent(aa.share(aa.inconclusive())),
        quick());

    long others = runs.stream().mapToLong(LiveBenchmark.Run::otherFailures).sum();
    long transport = runs.stream().mapToLong(LiveBenchmark.Run::clientTransportFailures).sum();
    long candidate = runs.stream().mapToLong(LiveBenchmark.Run::candidate5xx).sum();
    long requests = runs.stream().mapToLong(LiveBenchmark.Run::clientRequests).sum();
    out.printf(
        "GOAL live: clients see no failure but the bad candidate's own answers: %s — %s of %s"
            + " client requests failed otherwise (%s without an answer); the candidates' own 5xx:"
            + " %s%s%n",
        others == 0 ? "MET" : "NOT MET",
        Table.count(others),
        Table.count(requests),
        Table.count(transport),
        Table.count(candidate),
        quick());
  }

  /** The bad and the good candidates' goals over the live runs against one baseline. */
  private void candidateGoals(List<LiveBenchmark.Run> runs, String against) {
    List<String> parts = new ArrayList<>();
    boolean met = true;
    for (String version : List.of("v2", "v4")) {
      List<LiveBenchmark.Run> mine =
          runs.stream().filter(r -> r.version().equals(version)).toList();
      long rolledBack = mine.stream().filter(LiveBenchmark.Run::rolledBack).count();
      long max = mine.stream().mapToLong(LiveBenchmark.Run::canaryInAll).max().orElse(0);
      double mean = mine.stream().mapToLong(LiveBenchmark.Run::canaryInAll).average().orElse(0);
      met &= rolledBack == mine.size() && max <= LiveBenchmark.GOAL_EXPOSURE;
      parts.add(
          String.format(
              Locale.ROOT,
              "%s rolled back %d of %d, requests it served mean %s, max %s (%s)",
              version,
              rolledBack,
              mine.size(),
              Table.count(mean),
              Table.count(max),
              String.join(
                  ", ",
                  mine.stream()
                      .map(r -> r.verdict() + " by " + r.decidedBy())
                      .distinct()
                      .toList())));
    }
    out.printf(
        "GOAL live, %s: every bad candidate rolled back before it served %s requests: %s —"
            + " %s%s%n",
        against,
        Table.count(LiveBenchmark.GOAL_EXPOSURE),
        met ? "MET" : "NOT MET",
        String.join("; ", parts),
        quick());

    List<String> goodParts = new ArrayList<>();
    boolean none = true;
    for (String version : List.of("v3", "v1")) {
      List<LiveBenchmark.Run> good =
          runs.stream().filter(r -> r.version().equals(version)).toList();
      long passed = good.stream().filter(r -> !r.rolledBack()).count();
      none &= passed == good.size();
      goodParts.add(
          String.format(
              Locale.ROOT,
              "%s passed %d of %d%s",
              version.equals("v1") ? "v1 against itself" : version,
              passed,
              good.size(),
              good.stream()
                  .filter(LiveBenchmark.Run::rolledBack)
                  .map(
                      r ->
                          String.format(
                              Locale.ROOT,
                              " (rolled back by %s after %.1f s)",
                              r.decidedBy(),
                              r.seconds()))
                  .reduce("", String::concat)));
    }
    out.printf(
        "GOAL live, %s: a good candidate never rolled back: %s — %s%s%n",
        against, none ? "MET" : "NOT MET", String.join("; ", goodParts), quick());
  }

  private String quick() {
    return options.quick() ? " — a --quick run, not a verdict" : "";
  }

  private Tally tally(double rate, double candidate, String judge) {
    for (Map.Entry<Scenario, Map<String, Tally>> entry : tallies.get(rate).entrySet()) {
      if (entry.getKey().candidateErrorRate() == candidate) {
        return entry.getValue().get(judge);
      }
    }
    throw new IllegalArgumentException("no scenario with candidate error rate " + candidate);
  }

  /** Wald's bound in canary requests: to rollback, or for A/A to a pass that rules out 2×. */
  private static double bound(Scenario scenario) {
    WaldBound bound = scenario.bound(ERRORS.alpha(), ERRORS.beta());
    return scenario.identical()
        ? bound.expectedCandidateRequestsUnderNull(BASELINE_ERRORS)
        : bound.expectedCandidateRequests(BASELINE_ERRORS);
  }

  private static String withRatio(double mean, double candidate) {
    double bound =
        new Scenario(RATES[0], SHARE, BASELINE_ERRORS, candidate)
            .bound(ERRORS.alpha(), ERRORS.beta())
            .expectedCandidateRequests(BASELINE_ERRORS);
    return Double.isNaN(mean) ? "–" : count(mean) + " (" + Table.ratio(mean / bound) + ")";
  }

  /** A count, or a dash when there was nothing to count (no run ended that way). */
  private static String count(double value) {
    return Double.isNaN(value) ? "–" : Table.count(value);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * share);
  }

  private static String fmt(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}
