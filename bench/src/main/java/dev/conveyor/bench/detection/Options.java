package dev.conveyor.bench.detection;

import static dev.conveyor.bench.Args.positiveInt;
import static dev.conveyor.bench.Args.value;
import static dev.conveyor.bench.Args.wholeNumber;

import dev.conveyor.bench.Args.UsageException;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's command line: {@code --runs N} per regression, {@code --aa-runs N} of identical
 * versions, {@code --seed N}, {@code --quick} for a smoke run; {@code --live} for the live section
 * alone, {@code --offline} for the simulation alone, {@code --rounds N} live canaries per version,
 * {@code --dir DIR} for the live server's data and {@code --shop DIR} for the shop's artifacts.
 *
 * @param dir the live server's data directory; null: a new temporary one, removed at the end
 */
record Options(
    int runs,
    int aaRuns,
    long seed,
    boolean quick,
    boolean simulate,
    boolean live,
    int rounds,
    int predictionRuns,
    Path dir,
    Path shop) {
  /**
   * Runs per regression: canary requests to rollback spread widely (the p95 is about twice the
   * mean), so 2,000 runs put the mean within about ±2% (95%).
   */
  static final int DEFAULT_RUNS = 2_000;

  /**
   * A/A runs: false rollbacks are rare and Conveyor's come close to α by design (about 0.9% for α =
   * 1%), so 40,000 runs put the measured rate within about ±0.09 points (95%) of the true one: with
   * seed 42, 0.97% at 100 requests/s and 0.92% at 1,000 (docs/BENCHMARKS.md).
   */
  static final int DEFAULT_AA_RUNS = 40_000;

  static final int QUICK_RUNS = 200;
  static final int QUICK_AA_RUNS = 1_000;

  /** Live canaries per version: three in a full run, one in a quick one. */
  static final int DEFAULT_ROUNDS = 3;

  static final int QUICK_ROUNDS = 1;

  /** Simulated runs behind each live prediction. */
  static final int DEFAULT_PREDICTION_RUNS = 2_000;

  static final int QUICK_PREDICTION_RUNS = 500;

  static final Path DEFAULT_SHOP = Path.of("examples/shop/target/artifacts");

  static final String USAGE =
      """
      usage: bench/detection/run [--quick] [--live | --offline] [--runs N] [--aa-runs N]
                                 [--rounds N] [--seed N] [--dir DIR] [--shop DIR]
        --quick      a smoke run: 200 runs per regression, 1000 A/A, 1 live round
        --live       the live section only (a real server, the example shop, real load)
        --offline    the simulation only
        --runs N     simulated runs per regression (0.5%, 1%, 5%) and traffic rate (default 2000)
        --aa-runs N  simulated runs of identical versions (A/A) per traffic rate (default 40000)
        --rounds N   live canaries of each of v2, v4, v3 and v1 (default 3)
        --seed N     seed of the simulated streams (default 42)
        --dir DIR    the live server's data directory (default: a new temporary one)
        --shop DIR   the shop's artifacts (default examples/shop/target/artifacts)""";

  static Options parse(List<String> args) {
    Integer runs = null;
    Integer aaRuns = null;
    Integer rounds = null;
    long seed = 42;
    boolean quick = false;
    boolean liveOnly = false;
    boolean offlineOnly = false;
    Path dir = null;
    Path shop = DEFAULT_SHOP;
    for (int i = 0; i < args.size(); i++) {
      String key = args.get(i);
      switch (key) {
        case "--quick" -> quick = true;
        case "--live" -> liveOnly = true;
        case "--offline" -> offlineOnly = true;
        case "--runs" -> runs = positiveInt(key, value(args, ++i, key));
        case "--aa-runs" -> aaRuns = positiveInt(key, value(args, ++i, key));
        case "--rounds" -> rounds = positiveInt(key, value(args, ++i, key));
        case "--seed" -> seed = wholeNumber(key, value(args, ++i, key));
        case "--dir" -> dir = Path.of(value(args, ++i, key));
        case "--shop" -> shop = Path.of(value(args, ++i, key));
        default -> throw new UsageException("unknown option '" + key + "'");
      }
    }
    if (liveOnly && offlineOnly) {
      throw new UsageException("--live and --offline exclude each other: give one, or neither");
    }
    return new Options(
        runs != null ? runs : quick ? QUICK_RUNS : DEFAULT_RUNS,
        aaRuns != null ? aaRuns : quick ? QUICK_AA_RUNS : DEFAULT_AA_RUNS,
        seed,
        quick,
        !liveOnly,
        !offlineOnly,
        rounds != null ? rounds : quick ? QUICK_ROUNDS : DEFAULT_ROUNDS,
        quick ? QUICK_PREDICTION_RUNS : DEFAULT_PREDICTION_RUNS,
        dir,
        shop);
  }
}
